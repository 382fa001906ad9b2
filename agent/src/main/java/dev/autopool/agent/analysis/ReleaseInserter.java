package dev.autopool.agent.analysis;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Adds the releases of provably local borrows to a method. Each borrow gets a hidden local that holds the buffer
 * it last handed out; the buffer goes home (and the local is cleared first, so nothing goes home twice)
 * before the same borrow runs again, before every return, and in a catch-all handler that rethrows. Aliases in
 * the app's own locals do not matter: only the hidden local is ever released.
 *
 * <p>The inserted code has no branch: the null test and the verdict's guard are inside the runtime call
 * ({@code releaseIfValid(buffer, guard, site)}), so the only new control flow is the one handler, and the frames
 * come from {@link HiddenLocalFrames} with no type merge.
 */
final class ReleaseInserter {
    /** Pushes the site id an inserted release of one plan reports under; called once per inserted release. */
    interface ReleaseSites {
        LdcInsnNode push(BorrowPlan plan);
    }

    /** The runtime's guarded releases, {@code releaseIfValid(Object array, int guard, int site)} and its
     *  {@code releaseIfBorrowedAndValid} twin: see {@link BorrowRules#releaseMethodFor}. */
    static final String RELEASE_DESC = "(Ljava/lang/Object;II)V";

    private ReleaseInserter() {}

    static void insert(String owner, MethodNode method, List<BorrowPlan> plans, String poolOwner, int guard,
                       ReleaseSites sites) {
        int n = plans.size();
        int firstHidden = method.maxLocals;
        int[] slots = new int[n];
        for (int i = 0; i < n; i++) {
            slots[i] = firstHidden + i;
        }
        HiddenLocalFrames.addHiddenLocals(owner, method, firstHidden, n);
        method.maxLocals = firstHidden + n;
        Release release = (i) -> release(slots[i], guard, sites.push(plans.get(i)), poolOwner,
                BorrowRules.releaseMethodFor(plans.get(i).borrow()));
        List<AbstractInsnNode> returns = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getOpcode() >= Opcodes.IRETURN && insn.getOpcode() <= Opcodes.RETURN) {
                returns.add(insn);
            }
        }
        for (int i = 0; i < n; i++) {
            BorrowPlan plan = plans.get(i);
            if (plan.releaseBeforeReborrow()) {
                method.instructions.insertBefore(plan.borrow(), release.of(i));
            }
            InsnList keep = new InsnList();
            keep.add(new InsnNode(Opcodes.DUP));
            keep.add(new VarInsnNode(Opcodes.ASTORE, slots[i]));
            method.instructions.insert(plan.borrow(), keep);
        }
        for (AbstractInsnNode ret : returns) {
            method.instructions.insertBefore(ret, releaseAll(n, release));
        }
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        LabelNode handler = new LabelNode();
        InsnList prologue = new InsnList();
        for (int slot : slots) {
            prologue.add(new InsnNode(Opcodes.ACONST_NULL));
            prologue.add(new VarInsnNode(Opcodes.ASTORE, slot));
        }
        prologue.add(start);
        method.instructions.insert(prologue);
        method.instructions.add(end);
        method.instructions.add(handler);
        method.instructions.add(HiddenLocalFrames.handlerFrame(firstHidden, n));
        method.instructions.add(releaseAll(n, release));
        method.instructions.add(new InsnNode(Opcodes.ATHROW));
        method.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, null));
        // At most three values on top of what the method had: buffer, guard, site (the handler: +1 exception).
        method.maxStack = Math.max(method.maxStack + 3, 4);
    }

    private interface Release {
        InsnList of(int plan);
    }

    private static InsnList releaseAll(int plans, Release release) {
        InsnList all = new InsnList();
        for (int i = 0; i < plans; i++) {
            all.add(release.of(i));
        }
        return all;
    }

    /** {@code Object b = slot; slot = null; Pools.releaseIfValid(b, guard, site);} with no branch. */
    private static InsnList release(int slot, int guard, LdcInsnNode site, String poolOwner, String releaseMethod) {
        InsnList code = new InsnList();
        code.add(new VarInsnNode(Opcodes.ALOAD, slot));
        code.add(new InsnNode(Opcodes.ACONST_NULL));
        code.add(new VarInsnNode(Opcodes.ASTORE, slot));
        code.add(new LdcInsnNode(guard));
        code.add(site);
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, poolOwner, releaseMethod, RELEASE_DESC, false));
        return code;
    }
}
