package dev.autopool.agent.analysis;

import java.util.Arrays;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which local variable slots may still be read before each instruction, over normal and exceptional edges. An
 * exception edge leaves before its instruction runs, so a handler's live slots are live before every instruction
 * of its range, whatever it stores. Solved per basic block in bit words (one {@code long[]} per block, one scratch
 * per query): the live slots before an instruction inside a block are walked back from the block's end when
 * asked for.
 */
final class Liveness {
    private final ControlFlow flow;
    private final long[][] liveIn;
    private final long[] scratch;

    private Liveness(ControlFlow flow, int maxLocals) {
        this.flow = flow;
        int words = Math.max(1, (maxLocals + 63) >>> 6);
        liveIn = new long[flow.blockCount()][words];
        scratch = new long[words];
    }

    /** The live slots of a method with {@code maxLocals} locals whose blocks are {@code flow}. */
    static Liveness of(ControlFlow flow, int maxLocals) {
        Liveness l = new Liveness(flow, maxLocals);
        l.solve();
        return l;
    }

    private void solve() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int b = flow.blockCount() - 1; b >= 0; b--) {
                liveBefore(b, flow.start(b), scratch);
                if (!Arrays.equals(scratch, liveIn[b])) {
                    System.arraycopy(scratch, 0, liveIn[b], 0, scratch.length);
                    changed = true;
                }
            }
        }
    }

    /** Whether {@code slot} may be read at or after instruction {@code index} before being overwritten. */
    boolean isLiveBefore(int index, int slot) {
        liveBefore(flow.blockOf(index), index, scratch);
        int word = slot >>> 6;
        return word < scratch.length && (scratch[word] & (1L << slot)) != 0;
    }

    /** Into {@code live}: the slots live before instruction {@code index} of {@code block}. */
    private void liveBefore(int block, int index, long[] live) {
        Arrays.fill(live, 0L);
        for (int next : flow.successors(block)) {
            if (next != ControlFlow.OFF_THE_END) or(live, liveIn[flow.blockOf(next)]);
        }
        AbstractInsnNode[] code = flow.code;
        for (int i = flow.end(block) - 1; i >= index; i--) {
            AbstractInsnNode insn = code[i];
            int def = defined(insn);
            if (def >= 0) live[def >>> 6] &= ~(1L << def);
            int use = used(insn);
            if (use >= 0) live[use >>> 6] |= 1L << use;
            for (int h = 0; h < flow.handlerCount(); h++) {
                if (flow.covers(h, i)) or(live, liveIn[flow.blockOf(flow.handler(h))]);
            }
        }
    }

    private static void or(long[] into, long[] from) {
        for (int w = 0; w < into.length; w++) into[w] |= from[w];
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
