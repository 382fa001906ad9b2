package dev.autopool.agent.analysis;

import java.util.function.Predicate;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * One run of the escape interpreter over one method, with the control-flow edges it took, exceptions included.
 * Frames are kept only where a verdict asks for them (see {@link SparseAnalyzer}): before every instruction that
 * may borrow (an allocation judged as a borrow, or a call handing out an array) and every runtime call (a
 * release whose loan is named).
 */
final class MethodAnalysis {
    final MethodNode method;
    final Lines lines;
    final EscapeLog log = new EscapeLog();
    private final SparseAnalyzer.Frames<PoolValue> frames;
    private final Liveness liveness;
    /** The control flow liveness was solved over (null for a callee's analysis). */
    private final ControlFlow flow;

    private MethodAnalysis(String owner, String sourceFile, MethodNode method, BorrowRules rules, Callees callees,
                           int depth, boolean trackParameters, Predicate<AbstractInsnNode> allocations)
            throws AnalyzerException {
        this.method = method;
        this.lines = new Lines(sourceFile, method.instructions);
        BorrowInterpreter interpreter =
                new BorrowInterpreter(method, rules, callees, depth, trackParameters, lines, log, allocations);
        ControlFlow flow = ControlFlow.of(method);
        if (trackParameters && !flow.subroutines) {
            // A callee's summary reads only the log: no frame and no slot's liveness is asked for.
            new SparseAnalyzer<>(interpreter).analyze(owner, method, flow, NO_FRAME);
            this.frames = null;
            this.liveness = null;
            this.flow = null;
        } else if (!flow.subroutines) {
            this.frames = new SparseAnalyzer<>(interpreter).analyze(owner, method, flow,
                    new MayBorrow(rules, allocations));
            this.liveness = Liveness.of(flow, method.maxLocals);
            this.flow = flow;
        } else {
            // jsr/ret: ASM's Analyzer finds where each ret returns; liveness follows the edges it took.
            int[][] edges = new int[method.instructions.size()][];
            Analyzer<PoolValue> analyzer = new Analyzer<>(interpreter) {
                @Override
                protected void newControlFlowEdge(int insn, int successor) {
                    int[] out = edges[insn] == null ? new int[1] : java.util.Arrays.copyOf(edges[insn],
                            edges[insn].length + 1);
                    out[out.length - 1] = successor;
                    edges[insn] = out;
                }

                @Override
                protected boolean newControlFlowExceptionEdge(int insn, TryCatchBlockNode tryCatch) {
                    return true; // handler ranges are read from the method itself
                }
            };
            Frame<PoolValue>[] all = analyzer.analyze(owner, method);
            this.frames = index -> all[index];
            this.flow = ControlFlow.perInstruction(method, edges);
            this.liveness = Liveness.of(this.flow, method.maxLocals);
        }
    }

    /** Analyses a method whose borrows are to be judged. */
    static MethodAnalysis ofBorrows(String owner, String sourceFile, MethodNode method, BorrowRules rules,
                                    Callees callees, Predicate<AbstractInsnNode> allocations)
            throws AnalyzerException {
        return new MethodAnalysis(owner, sourceFile, method, rules, callees, 0, false, allocations);
    }

    /** Analyses a callee, tracking what it does with its parameters as well as its own borrows. */
    static MethodAnalysis ofCallee(String owner, String sourceFile, MethodNode method, BorrowRules rules,
                                   Callees callees, int depth) throws AnalyzerException {
        return new MethodAnalysis(owner, sourceFile, method, rules, callees, depth, true, NO_FRAME);
    }

    /** The frame before instruction {@code index} (null: unreachable); throws if the analysis kept none there. */
    Frame<PoolValue> frameAt(int index) {
        if (frames == null) {
            throw new IllegalStateException("a callee's analysis keeps no frame");
        }
        return frames.at(index);
    }

    /** Whether some slot that may still be read at {@code index} (live local or stack) holds a value of {@code s}. */
    boolean isHeldAt(int index, Source s) {
        Frame<PoolValue> f = frameAt(index);
        if (f == null) {
            return false;
        }
        for (int i = 0; i < f.getLocals(); i++) {
            if (holds(f.getLocal(i), s) && liveness.isLiveBefore(index, i)) {
                return true;
            }
        }
        for (int i = 0; i < f.getStackSize(); i++) {
            if (holds(f.getStack(i), s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the app's releases bring every buffer of borrow {@code s} (at instruction {@code index}) home: no
     * earlier buffer of it is still held when it borrows again, and every path from it, on normal edges and
     * through handlers that catch an explicit {@code throw}, passes an instruction that surely releases that
     * buffer (see {@link EscapeLog#surelyReleasedAt}) before it leaves the method or borrows again. Exceptions
     * thrown by other instructions are not followed: like a {@code factory} borrow, such a buffer goes to the GC.
     */
    boolean appReleasesOnEveryPath(int index, Source s) {
        return !isHeldAt(index, s) && AppReleasePaths.releaseOnEveryPath(flow, index, log.surelyReleasedAt(s));
    }

    private static boolean holds(PoolValue v, Source s) {
        if (v == null) {
            return false;
        }
        for (Origin o : v.origins()) {
            if (o.source().equals(s)) {
                return true;
            }
        }
        return false;
    }

    /** Keeps no frame (and is no allocation). */
    private static final Predicate<AbstractInsnNode> NO_FRAME = new Predicate<>() {
        @Override
        public boolean test(AbstractInsnNode insn) {
            return false;
        }
    };

    /**
     * The instructions a verdict may ask about: every one the interpreter may judge as a borrow (an allocation
     * judged as one, a borrow rule's call, a call that returns an array from a helper handing out borrows) and every
     * call to the runtime (a release whose loan is named). A superset, so no frame asked for is missing.
     */
    private static final class MayBorrow implements Predicate<AbstractInsnNode> {
        private final BorrowRules rules;
        private final Predicate<AbstractInsnNode> allocations;

        MayBorrow(BorrowRules rules, Predicate<AbstractInsnNode> allocations) {
            this.rules = rules;
            this.allocations = allocations;
        }

        @Override
        public boolean test(AbstractInsnNode insn) {
            if (allocations.test(insn)) {
                return true;
            }
            if (!(insn instanceof MethodInsnNode call)) {
                return false;
            }
            return EscapeAnalysis.returnsArray(call) || call.owner.equals(rules.poolOwner())
                    || rules.isBorrow(call, false);
        }
    }
}
