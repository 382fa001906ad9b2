package dev.autopool.agent.analysis;

import java.util.function.Predicate;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

/** One run of the escape interpreter over one method, with the control-flow edges it took, exceptions included. */
final class MethodAnalysis {
    final MethodNode method;
    final Lines lines;
    final EscapeLog log = new EscapeLog();
    final Frame<PoolValue>[] frames;
    final Liveness liveness;

    private MethodAnalysis(String owner, String sourceFile, MethodNode method, BorrowRules rules, Callees callees,
                           int depth, boolean trackParameters, Predicate<AbstractInsnNode> allocations)
            throws AnalyzerException {
        this.method = method;
        this.lines = new Lines(sourceFile, method.instructions);
        Liveness edges = new Liveness(method.instructions.size());
        BorrowInterpreter interpreter =
                new BorrowInterpreter(method, rules, callees, depth, trackParameters, lines, log, allocations);
        Analyzer<PoolValue> analyzer = new Analyzer<>(interpreter) {
            @Override
            protected void newControlFlowEdge(int insn, int successor) {
                edges.edge(insn, successor);
            }

            @Override
            protected boolean newControlFlowExceptionEdge(int insn, TryCatchBlockNode tryCatch) {
                edges.exceptionEdge(insn, method.instructions.indexOf(tryCatch.handler));
                return true;
            }
        };
        this.frames = analyzer.analyze(owner, method);
        this.liveness = edges.solve(method.instructions);
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
        return new MethodAnalysis(owner, sourceFile, method, rules, callees, depth, true, insn -> false);
    }

    /** Whether some slot that may still be read at {@code index} (live local or stack) holds a value of {@code s}. */
    boolean isHeldAt(int index, Source s) {
        Frame<PoolValue> f = frames[index];
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

    private static boolean holds(PoolValue v, Source s) {
        return v != null && v.origins().stream().anyMatch(o -> o.source().equals(s));
    }
}
