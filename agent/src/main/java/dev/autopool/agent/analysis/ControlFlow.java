package dev.autopool.agent.analysis;

import java.util.Arrays;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * A method's code cut into basic blocks: a block starts at the first instruction, at every jump or switch target,
 * at every handler, and after every jump, switch, return and throw. Only a block's last instruction leaves it;
 * exceptions leave from every instruction in a handler's range, which {@link #handlerCount()} and
 * {@link #covers} answer without a list per instruction. Successors are in the order ASM's {@code Analyzer}
 * visits them (fall-through first, then the targets).
 */
final class ControlFlow {
    /** Successor index meaning "falls off the end of the code". */
    static final int OFF_THE_END = -1;

    final AbstractInsnNode[] code;
    private final int[] starts;
    private final int[][] successors;
    private final int[] tryStart;
    private final int[] tryEnd;
    private final int[] tryHandler;
    private final TryCatchBlockNode[] tryCatch;
    /** Whether the method uses {@code jsr}/{@code ret}, whose return edges this class does not follow. */
    final boolean subroutines;

    private ControlFlow(AbstractInsnNode[] code, int[] starts, int[][] successors, MethodNode method,
                        boolean subroutines) {
        this.code = code;
        this.starts = starts;
        this.successors = successors;
        this.subroutines = subroutines;
        InsnList insns = method.instructions;
        int handlers = method.tryCatchBlocks.size();
        tryStart = new int[handlers];
        tryEnd = new int[handlers];
        tryHandler = new int[handlers];
        tryCatch = method.tryCatchBlocks.toArray(new TryCatchBlockNode[0]);
        for (int h = 0; h < handlers; h++) {
            tryStart[h] = insns.indexOf(tryCatch[h].start);
            tryEnd[h] = insns.indexOf(tryCatch[h].end);
            tryHandler[h] = insns.indexOf(tryCatch[h].handler);
        }
    }

    /** The basic blocks of {@code method}. */
    static ControlFlow of(MethodNode method) {
        InsnList insns = method.instructions;
        AbstractInsnNode[] code = insns.toArray();
        int n = code.length;
        boolean[] start = new boolean[n + 1];
        start[0] = true;
        boolean subroutines = false;
        for (int i = 0; i < n; i++) {
            AbstractInsnNode insn = code[i];
            int op = insn.getOpcode();
            if (insn instanceof JumpInsnNode jump) {
                start[insns.indexOf(jump.label)] = true;
                start[i + 1] = true;
                subroutines |= op == Opcodes.JSR;
            } else if (insn instanceof TableSwitchInsnNode table) {
                start[insns.indexOf(table.dflt)] = true;
                for (LabelNode l : table.labels) start[insns.indexOf(l)] = true;
                start[i + 1] = true;
            } else if (insn instanceof LookupSwitchInsnNode lookup) {
                start[insns.indexOf(lookup.dflt)] = true;
                for (LabelNode l : lookup.labels) start[insns.indexOf(l)] = true;
                start[i + 1] = true;
            } else if (endsFlow(op)) {
                start[i + 1] = true;
                subroutines |= op == Opcodes.RET;
            }
        }
        for (TryCatchBlockNode tc : method.tryCatchBlocks) start[insns.indexOf(tc.handler)] = true;
        int count = 0;
        for (int i = 0; i < n; i++) if (start[i]) count++;
        int[] starts = new int[count];
        for (int i = 0, b = 0; i < n; i++) if (start[i]) starts[b++] = i;
        int[][] successors = new int[count][];
        for (int b = 0; b < count; b++) {
            int end = b + 1 < count ? starts[b + 1] : n;
            successors[b] = successorsOf(insns, code[end - 1], end, n);
        }
        return new ControlFlow(code, starts, successors, method, subroutines);
    }

    /**
     * One block per instruction, with the normal edges an analysis reported ({@code edges[i]}, null for none): for
     * methods with subroutines, whose {@code ret} targets only ASM's {@code Analyzer} finds.
     */
    static ControlFlow perInstruction(MethodNode method, int[][] edges) {
        AbstractInsnNode[] code = method.instructions.toArray();
        int[] starts = new int[code.length];
        int[][] successors = new int[code.length][];
        for (int i = 0; i < code.length; i++) {
            starts[i] = i;
            successors[i] = edges[i] == null ? new int[0] : edges[i];
        }
        return new ControlFlow(code, starts, successors, method, true);
    }

    private static int[] successorsOf(InsnList insns, AbstractInsnNode last, int next, int n) {
        int op = last.getOpcode();
        int fallThrough = next < n ? next : OFF_THE_END;
        if (last instanceof JumpInsnNode jump) {
            int target = insns.indexOf(jump.label);
            return op == Opcodes.GOTO || op == Opcodes.JSR ? new int[] {target} : new int[] {fallThrough, target};
        }
        if (last instanceof TableSwitchInsnNode table) {
            return targets(insns, table.dflt, table.labels);
        }
        if (last instanceof LookupSwitchInsnNode lookup) {
            return targets(insns, lookup.dflt, lookup.labels);
        }
        return endsFlow(op) ? new int[0] : new int[] {fallThrough};
    }

    private static int[] targets(InsnList insns, LabelNode dflt, java.util.List<LabelNode> labels) {
        int[] out = new int[labels.size() + 1];
        out[0] = insns.indexOf(dflt);
        for (int k = 0; k < labels.size(); k++) out[k + 1] = insns.indexOf(labels.get(k));
        return out;
    }

    private static boolean endsFlow(int op) {
        return (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW || op == Opcodes.RET;
    }

    int blockCount() {
        return starts.length;
    }

    int start(int block) {
        return starts[block];
    }

    /** The index after the block's last instruction. */
    int end(int block) {
        return block + 1 < starts.length ? starts[block + 1] : code.length;
    }

    /** The block whose first instruction is {@code index}, or the block holding it. */
    int blockOf(int index) {
        int b = Arrays.binarySearch(starts, index);
        return b >= 0 ? b : -b - 2;
    }

    boolean isBlockStart(int index) {
        return Arrays.binarySearch(starts, index) >= 0;
    }

    /** The first instructions of the blocks control may go to from the block's end ({@link #OFF_THE_END}). */
    int[] successors(int block) {
        return successors[block];
    }

    int handlerCount() {
        return tryStart.length;
    }

    /** Whether handler {@code h}'s range covers instruction {@code index}. */
    boolean covers(int h, int index) {
        return index >= tryStart[h] && index < tryEnd[h];
    }

    /** The index of handler {@code h}'s first instruction. */
    int handler(int h) {
        return tryHandler[h];
    }

    TryCatchBlockNode tryCatch(int h) {
        return tryCatch[h];
    }

    /** The type handler {@code h} catches ({@code Throwable} for a {@code finally}). */
    Type caught(int h) {
        return Type.getObjectType(tryCatch[h].type == null ? "java/lang/Throwable" : tryCatch[h].type);
    }
}
