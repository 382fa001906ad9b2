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
            normal.add(List.of()); // replaced by a list of its own at the first edge
            exceptional.add(List.of());
        }
        liveIn = new BitSet[size];
    }

    void edge(int from, int to) {
        add(normal, from, to);
    }

    void exceptionEdge(int from, int handler) {
        add(exceptional, from, handler);
    }

    private static void add(List<List<Integer>> edges, int from, int to) {
        List<Integer> out = edges.get(from);
        if (out.isEmpty()) edges.set(from, out = new ArrayList<>(2));
        out.add(to);
    }

    Liveness solve(InsnList insns) {
        int n = liveIn.length;
        // Every slot starts with the same empty set, and a set is only ever replaced, never changed in place; one
        // scratch set per pass keeps the solver from allocating a set per instruction and round (it ran on every
        // method with a borrow at start-up).
        BitSet none = new BitSet();
        java.util.Arrays.fill(liveIn, none);
        AbstractInsnNode[] code = insns.toArray();
        BitSet in = new BitSet();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                in.clear();
                List<Integer> next = normal.get(i);
                for (int k = 0; k < next.size(); k++) in.or(liveIn[next.get(k)]);
                AbstractInsnNode insn = code[i];
                int def = defined(insn);
                if (def >= 0) {
                    in.clear(def);
                }
                int use = used(insn);
                if (use >= 0) {
                    in.set(use);
                }
                List<Integer> handlers = exceptional.get(i);
                for (int k = 0; k < handlers.size(); k++) in.or(liveIn[handlers.get(k)]);
                if (!in.equals(liveIn[i])) {
                    liveIn[i] = (BitSet) in.clone();
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
