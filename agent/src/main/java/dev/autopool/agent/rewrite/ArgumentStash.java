package dev.autopool.agent.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Moves a call's arguments from the operand stack into fresh locals, so a rewrite can push them back in another
 * order, drop some, or keep one for after the call. The code it emits is straight-line and the fresh slots lie
 * above every slot the existing stack map frames describe, so no frame changes.
 */
final class ArgumentStash {
    private final Type[] types;
    private final int[] slots;

    private ArgumentStash(Type[] types, int[] slots) {
        this.types = types;
        this.slots = slots;
    }

    /** Allocates a slot per argument of {@code types} in {@code method}. */
    static ArgumentStash of(MethodNode method, Type[] types) {
        int[] slots = new int[types.length];
        for (int i = 0; i < types.length; i++) {
            slots[i] = ClassScope.newLocal(method, types[i]);
        }
        return new ArgumentStash(types, slots);
    }

    /** Stores the arguments, last first, leaving the stack as it was below them. */
    InsnList store() {
        InsnList out = new InsnList();
        for (int i = types.length - 1; i >= 0; i--) {
            out.add(new VarInsnNode(types[i].getOpcode(Opcodes.ISTORE), slots[i]));
        }
        return out;
    }

    /** Pushes argument {@code i} back. */
    VarInsnNode load(int i) {
        return new VarInsnNode(types[i].getOpcode(Opcodes.ILOAD), slots[i]);
    }

    /** Pushes every argument back, in order. */
    InsnList loadAll() {
        InsnList out = new InsnList();
        for (int i = 0; i < types.length; i++) out.add(load(i));
        return out;
    }
}
