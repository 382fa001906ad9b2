package dev.autopool.agent.analysis;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Applies the escape analysis to methods: every provably local borrow gets its releases, and a method that
 * changed gets fresh frames, in place (instruction nodes other rewrites hold stay valid). A method that cannot
 * be rewritten (too old a class file, a subroutine, a type the hierarchy cannot read, ...) is restored exactly
 * and its borrows are reported as left to the GC.
 */
public final class ReleaseInsertion {
    /** Supplies the instruction that pushes the site id of an inserted release; called once per release. */
    @FunctionalInterface
    public interface SitePush {
        LdcInsnNode push(Verdict borrow);
    }

    /**
     * The verdicts on one method's borrows, keyed by the borrowing instruction (a runtime factory call, or a
     * helper call handing out a fresh borrow), in code order; and whether releases were inserted.
     */
    public record Outcome(Map<AbstractInsnNode, Verdict> verdicts, boolean changed) {}

    private ReleaseInsertion() {}

    /**
     * Rewrites every method of {@code owner} in place and returns every verdict reached.
     *
     * @param releaseSite registers the site id an inserted release reports under (once per borrow)
     */
    public static List<Verdict> apply(ClassNode owner, EscapeAnalysis analysis, TypeHierarchy hierarchy,
                                      ToIntFunction<Verdict> releaseSite) {
        List<Verdict> verdicts = new ArrayList<>();
        Map<Verdict, Integer> ids = new IdentityHashMap<>();
        SitePush push = v -> new LdcInsnNode(ids.computeIfAbsent(v, releaseSite::applyAsInt));
        for (MethodNode method : owner.methods) {
            verdicts.addAll(rewrite(owner, method, analysis, hierarchy, push).verdicts().values());
        }
        return verdicts;
    }

    /** Judges one method's borrows and inserts the releases of those that never leave it. */
    public static Outcome rewrite(ClassNode owner, MethodNode method, EscapeAnalysis analysis,
                                  TypeHierarchy hierarchy, SitePush sitePush) {
        List<BorrowPlan> plans = analysis.plan(owner.name, owner.sourceFile, method);
        List<BorrowPlan> released = plans.stream().filter(p -> p.verdict().kind() == Verdict.Kind.RELEASED).toList();
        String failure = released.isEmpty() ? null : unfit(owner, method);
        boolean changed = false;
        if (!released.isEmpty() && failure == null) {
            Snapshot before = new Snapshot(method);
            try {
                ReleaseInserter.insert(method, released, analysis.rules().poolOwner(),
                        p -> sitePush.push(p.verdict()));
                FrameComputer.recomputeInPlace(owner, method, hierarchy);
                changed = true;
            } catch (RuntimeException e) {
                before.restore(method);
                failure = "the method could not be rewritten (" + e + ")";
            }
        }
        Map<AbstractInsnNode, Verdict> verdicts = new LinkedHashMap<>(); // instructions compare by identity
        for (BorrowPlan p : plans) {
            Verdict v = p.verdict();
            verdicts.put(p.borrow(), failure != null && v.kind() == Verdict.Kind.RELEASED
                    ? new Verdict(v.className(), v.method(), v.file(), v.line(), v.site(), Verdict.Kind.NOT_PROVEN,
                            failure)
                    : v);
        }
        return new Outcome(verdicts, changed);
    }

    /** Why releases cannot be added to this method, or null. */
    private static String unfit(ClassNode owner, MethodNode method) {
        if ((owner.version & 0xFFFF) < Opcodes.V1_6) {
            return "the class file is older than Java 6 and has no stack map frames";
        }
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getOpcode() == Opcodes.JSR || insn.getOpcode() == Opcodes.RET) {
                return "the method uses jsr/ret subroutines";
            }
        }
        return null;
    }

    /** The parts of a method release insertion changes, to put back if it fails half-way. */
    private static final class Snapshot {
        private final AbstractInsnNode[] code;
        private final List<TryCatchBlockNode> handlers;
        private final int maxStack;
        private final int maxLocals;

        Snapshot(MethodNode m) {
            code = m.instructions.toArray();
            handlers = new ArrayList<>(m.tryCatchBlocks);
            maxStack = m.maxStack;
            maxLocals = m.maxLocals;
        }

        void restore(MethodNode m) {
            // remove() unlinks each node (clear() would not), so the old nodes can be linked again in order.
            for (AbstractInsnNode insn : m.instructions.toArray()) {
                m.instructions.remove(insn);
            }
            for (AbstractInsnNode insn : code) {
                m.instructions.add(insn);
            }
            m.tryCatchBlocks = new ArrayList<>(handlers);
            m.maxStack = maxStack;
            m.maxLocals = maxLocals;
        }
    }
}
