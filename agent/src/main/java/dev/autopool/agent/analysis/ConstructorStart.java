package dev.autopool.agent.analysis;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Where a constructor's {@code this} is initialized, proven simply: the first {@code invokespecial <init>} with no
 * {@code new} before it (so its receiver is {@code this}, the only other uninitialized value a constructor has),
 * and nothing before it that branches, is branched to or is covered by a handler. Everything after it then runs with
 * {@code this} initialized, so code inserted there (hidden locals set, a catch-all handler) needs no frame with an
 * uninitialized {@code this} in it: the verifier would refuse a handler over the code before the call.
 */
public final class ConstructorStart {
    private ConstructorStart() {}

    /** The index of that call in {@code method}, or -1 when it is no constructor or the proof fails. */
    public static int superCallIndex(MethodNode method) {
        if (!method.name.equals("<init>")) return -1;
        int index = -1;
        int i = 0;
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof TypeInsnNode t && t.getOpcode() == Opcodes.NEW) return -1;
            if (insn instanceof JumpInsnNode || insn instanceof TableSwitchInsnNode
                    || insn instanceof LookupSwitchInsnNode || insn.getOpcode() == Opcodes.ATHROW) {
                return -1;
            }
            if (insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESPECIAL
                    && call.name.equals("<init>")) {
                index = i;
                break;
            }
            i++;
        }
        if (index < 0) return -1;
        for (TryCatchBlockNode tc : method.tryCatchBlocks) {
            if (method.instructions.indexOf(tc.start) <= index || method.instructions.indexOf(tc.handler) <= index) {
                return -1;
            }
        }
        for (AbstractInsnNode insn : method.instructions) {
            for (LabelNode target : targets(insn)) {
                if (method.instructions.indexOf(target) <= index) return -1;
            }
        }
        return index;
    }

    /** The labels {@code insn} may jump to: none unless it is a jump or a switch. */
    static java.util.List<LabelNode> targets(AbstractInsnNode insn) {
        if (insn instanceof JumpInsnNode j) return java.util.List.of(j.label);
        java.util.List<LabelNode> out = new java.util.ArrayList<>();
        if (insn instanceof TableSwitchInsnNode t) {
            out.add(t.dflt);
            out.addAll(t.labels);
        } else if (insn instanceof LookupSwitchInsnNode l) {
            out.add(l.dflt);
            out.addAll(l.labels);
        }
        return out;
    }
}
