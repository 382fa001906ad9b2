package dev.autopool.agent.analysis;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which local variable slots may still be read after each instruction, over normal and exceptional edges. An
 * exception edge leaves before its instruction runs, so a handler's live slots are live before the instruction,
 * whatever it stores.
 */
final class Liveness {
    private final List<List<Integer>> normal;
    private final List<List<Integer>> exceptional;
    private final BitSet[] liveIn;

    Liveness(int size) {
        normal = new ArrayList<>(size);
        exceptional = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            normal.add(new ArrayList<>(2));
            exceptional.add(new ArrayList<>(0));
        }
        liveIn = new BitSet[size];
    }

    void edge(int from, int to) {
        normal.get(from).add(to);
    }

    void exceptionEdge(int from, int handler) {
        exceptional.get(from).add(handler);
    }

    Liveness solve(InsnList insns) {
        int n = liveIn.length;
        for (int i = 0; i < n; i++) {
            liveIn[i] = new BitSet();
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                BitSet in = new BitSet();
                normal.get(i).forEach(s -> in.or(liveIn[s]));
                AbstractInsnNode insn = insns.get(i);
                int def = defined(insn);
                if (def >= 0) {
                    in.clear(def);
                }
                int use = used(insn);
                if (use >= 0) {
                    in.set(use);
                }
                exceptional.get(i).forEach(h -> in.or(liveIn[h]));
                if (!in.equals(liveIn[i])) {
                    liveIn[i] = in;
                    changed = true;
                }
            }
        }
        return this;
    }

    /** Whether {@code slot} may be read at or after instruction {@code index} before being overwritten. */
    boolean isLiveBefore(int index, int slot) {
        return liveIn[index].get(slot);
    }

    private static int defined(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        return op >= Opcodes.ISTORE && op <= Opcodes.ASTORE ? ((VarInsnNode) insn).var : -1;
    }

    private static int used(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        if ((op >= Opcodes.ILOAD && op <= Opcodes.ALOAD) || op == Opcodes.RET) {
            return ((VarInsnNode) insn).var;
        }
        return insn instanceof IincInsnNode iinc ? iinc.var : -1;
    }
}
