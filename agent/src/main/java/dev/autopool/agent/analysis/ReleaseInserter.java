package dev.autopool.agent.analysis;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
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
 * the app's own locals do not matter: only the hidden local is ever released. Frames must be recomputed after.
 */
final class ReleaseInserter {
    /** Pushes the site id an inserted release of one plan reports under; called once per inserted release. */
    interface ReleaseSites {
        LdcInsnNode push(BorrowPlan plan);
    }

    private ReleaseInserter() {}

    static void insert(MethodNode method, List<BorrowPlan> plans, String poolOwner, ReleaseSites sites) {
        int n = plans.size();
        int[] slots = new int[n];
        for (int i = 0; i < n; i++) {
            slots[i] = method.maxLocals++;
        }
        Release release = (i) -> release(slots[i], sites.push(plans.get(i)), poolOwner,
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
        method.instructions.add(releaseAll(n, release));
        method.instructions.add(new InsnNode(Opcodes.ATHROW));
        method.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, null));
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

    /** {@code if (slot != null) { Object b = slot; slot = null; Pools.release(b, site); }} */
    private static InsnList release(int slot, LdcInsnNode site, String poolOwner, String releaseMethod) {
        InsnList code = new InsnList();
        LabelNode skip = new LabelNode();
        code.add(new VarInsnNode(Opcodes.ALOAD, slot));
        code.add(new JumpInsnNode(Opcodes.IFNULL, skip));
        code.add(new VarInsnNode(Opcodes.ALOAD, slot));
        code.add(new InsnNode(Opcodes.ACONST_NULL));
        code.add(new VarInsnNode(Opcodes.ASTORE, slot));
        code.add(site);
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, poolOwner, releaseMethod, "(Ljava/lang/Object;I)V", false));
        code.add(skip);
        return code;
    }
}
