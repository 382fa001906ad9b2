package dev.autopool.agent.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Reads of an {@code owned} field (a {@code getfield} in its class, or a call to its getter elsewhere): judged as if
 * each read borrowed its value, and, where that value dies in the method, fenced. The owner's buffer goes home
 * when the owner is collected, and an object may be collected while a value read from it is still in use (JLS
 * 12.6.1: {@code b = new Img(w, h).pixels(); use(b);}, or a method of the owner after its last use of
 * {@code this}). So the owner a read used is kept in a hidden local and passed to
 * {@code Reference.reachabilityFence} where the value is dead for sure: before the same read runs again (only when
 * liveness shows the previous value is dead by then), before every return, and in a catch-all handler that
 * rethrows. Like {@link HiddenLocalReleases}, the inserted code has no branch and the frames come from
 * {@link HiddenLocalFrames}.
 */
public final class OwnerFences {
    /**
     * One read and its verdict: {@code fenceable} when its value never leaves the method and is dead before the
     * same read runs again.
     */
    public record Read(AbstractInsnNode insn, Verdict verdict, boolean fenceable) {}

    /** The reads of one method and the classes the verdicts rest on (guard them). */
    public record Judgement(List<Read> reads, Set<ClassKey> dependsOn) {}

    private OwnerFences() {}

    /** Judges every instruction {@code reads} accepts in {@code method} (of class {@code owner}). */
    public static Judgement judge(EscapeAnalysis analysis, String owner, String sourceFile, MethodNode method,
                                  Predicate<AbstractInsnNode> reads) {
        EscapeAnalysis.MethodPlan plan = analysis.allocationPlan(owner, sourceFile, method, reads);
        List<Read> out = new ArrayList<>();
        for (BorrowPlan p : plan.plans()) {
            if (!reads.test(p.borrow())) continue;
            out.add(new Read(p.borrow(), p.verdict(),
                    p.verdict().kind() == Verdict.Kind.RELEASED_BY_AGENT && p.releaseBeforeReborrow()));
        }
        return new Judgement(out, plan.dependsOn());
    }

    /** Why the method's frames cannot take fences, or null. */
    public static String unfit(int classVersion, MethodNode method) {
        return HiddenLocalFrames.unfit(classVersion, method);
    }

    /**
     * Fences the owner of each read in {@code reads} (each with the owner object on top of the stack, nothing
     * above it). Call {@link #unfit} first; throws if the method cannot be rewritten.
     */
    public static void insert(String owner, MethodNode method, List<AbstractInsnNode> reads) {
        int n = reads.size();
        int first = method.maxLocals;
        List<Object> hidden = java.util.Collections.nCopies(n, HiddenLocalFrames.OBJECT);
        HiddenLocalFrames.addHiddenLocals(owner, method, first, hidden);
        method.maxLocals = first + n;
        List<AbstractInsnNode> returns = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getOpcode() >= Opcodes.IRETURN && insn.getOpcode() <= Opcodes.RETURN) returns.add(insn);
        }
        for (int i = 0; i < n; i++) {
            InsnList keep = fence(first + i);
            keep.add(new InsnNode(Opcodes.DUP));
            keep.add(new VarInsnNode(Opcodes.ASTORE, first + i));
            method.instructions.insertBefore(reads.get(i), keep);
        }
        for (AbstractInsnNode ret : returns) {
            method.instructions.insertBefore(ret, fenceAll(first, n));
        }
        InsnList prologue = new InsnList();
        for (int i = 0; i < n; i++) {
            prologue.add(new InsnNode(Opcodes.ACONST_NULL));
            prologue.add(new VarInsnNode(Opcodes.ASTORE, first + i));
        }
        HiddenLocalFrames.wrapInCatchAll(method, prologue, first, hidden, fenceAll(first, n));
        // Owner (dup) on top of the read's own operand, or one fenced owner; the handler: +1 exception.
        method.maxStack = Math.max(method.maxStack + 1, 2);
    }

    private static InsnList fenceAll(int first, int n) {
        InsnList all = new InsnList();
        for (int i = 0; i < n; i++) all.add(fence(first + i));
        return all;
    }

    /**
     * {@code Reference.reachabilityFence(slot)}: the owner stays strongly reachable up to here, whatever the JIT
     * proves about later uses. The slot is not cleared: a fence of null, or of an owner fenced before, is harmless,
     * and the next read overwrites it.
     */
    private static InsnList fence(int slot) {
        InsnList code = new InsnList();
        code.add(new VarInsnNode(Opcodes.ALOAD, slot));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/ref/Reference", "reachabilityFence",
                "(Ljava/lang/Object;)V", false));
        return code;
    }
}
