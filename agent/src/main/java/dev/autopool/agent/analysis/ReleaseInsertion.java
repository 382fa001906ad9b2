package dev.autopool.agent.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.function.ToIntFunction;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Applies the escape analysis to a whole class: every provably local borrow gets its releases, every method that
 * changed gets fresh frames. A method that cannot be analysed or rewritten (too old a class file, a subroutine,
 * a type the hierarchy cannot read, a method grown too large) stays exactly as it was.
 */
public final class ReleaseInsertion {
    private ReleaseInsertion() {}

    /**
     * Rewrites {@code owner} in place and returns every verdict reached, including those of methods left alone.
     *
     * @param releaseSite registers the site id an inserted release reports under, given the borrow's verdict
     */
    public static List<Verdict> apply(ClassNode owner, EscapeAnalysis analysis, TypeHierarchy hierarchy,
                                      ToIntFunction<Verdict> releaseSite) {
        List<Verdict> verdicts = new ArrayList<>();
        if ((owner.version & 0xFFFF) < Opcodes.V1_6 || (owner.access & Opcodes.ACC_INTERFACE) != 0) {
            return verdicts;
        }
        for (ListIterator<MethodNode> it = owner.methods.listIterator(); it.hasNext(); ) {
            MethodNode original = it.next();
            MethodNode copy = copyOf(original);
            List<BorrowPlan> plans = analysis.plan(owner.name, owner.sourceFile, copy);
            List<BorrowPlan> released = plans.stream().filter(p -> p.verdict().kind() == Verdict.Kind.RELEASED)
                    .toList();
            String failure = released.isEmpty() ? null : hasSubroutine(copy) ? "the method uses jsr/ret" : null;
            if (!released.isEmpty() && failure == null) {
                try {
                    ReleaseInserter.insert(copy, released, analysis.rules().poolOwner(),
                            p -> releaseSite.applyAsInt(p.verdict()));
                    FrameComputer.recomputeInPlace(owner, copy, hierarchy);
                    it.set(copy);
                } catch (RuntimeException e) {
                    // The method keeps its original code; its borrows are left to the GC like any escaping one.
                    failure = "the method could not be rewritten (" + e + ")";
                }
            }
            for (BorrowPlan p : plans) {
                Verdict v = p.verdict();
                verdicts.add(failure != null && v.kind() == Verdict.Kind.RELEASED
                        ? new Verdict(v.className(), v.method(), v.file(), v.line(), v.site(),
                                Verdict.Kind.NOT_PROVEN, failure)
                        : v);
            }
        }
        return verdicts;
    }

    private static MethodNode copyOf(MethodNode m) {
        MethodNode copy = new MethodNode(Opcodes.ASM9, m.access, m.name, m.desc, m.signature,
                m.exceptions.toArray(String[]::new));
        m.accept(copy);
        return copy;
    }

    private static boolean hasSubroutine(MethodNode m) {
        for (AbstractInsnNode insn : m.instructions) {
            if (insn.getOpcode() == Opcodes.JSR || insn.getOpcode() == Opcodes.RET) {
                return true;
            }
        }
        return false;
    }
}
