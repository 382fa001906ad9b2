package dev.autopool.agent.rewrite;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Whether the value a call pushes is handed to the method's caller on every path that does not throw: returned at
 * once ({@code return (float[][]) v.getValue();}), or stored to a local that is returned, unwritten, wherever the
 * method goes next (the try-with-resources shape: store, close the resource, load, return). Such a value escapes, so
 * the escape analysis need not run to say so. Exceptional paths are not followed: a value returned on the normal path
 * escapes whatever a handler does. Anything this does not recognise answers false (the analysis then decides).
 */
final class ReturnedValue {
    /** Instructions followed at most before giving up (a pattern this simple is short). */
    private static final int MAX_STEPS = 256;

    private ReturnedValue() {}

    static boolean onEveryPath(AbstractInsnNode call) {
        AbstractInsnNode next = skipCast(realNext(call));
        if (next == null) return false;
        if (next.getOpcode() == Opcodes.ARETURN) return true;
        if (next.getOpcode() != Opcodes.ASTORE) return false;
        int local = ((VarInsnNode) next).var;
        Deque<Path> paths = new ArrayDeque<>();
        Set<AbstractInsnNode> seen = new HashSet<>();
        paths.push(new Path(next.getNext(), next, null));
        int returns = 0;
        int steps = 0;
        while (!paths.isEmpty()) {
            Path path = paths.pop();
            AbstractInsnNode last = path.last();
            AbstractInsnNode beforeLast = path.beforeLast();
            AbstractInsnNode insn = path.start();
            for (; insn != null; insn = insn.getNext()) {
                int op = insn.getOpcode();
                if (op < 0) continue; // a label, line number or frame
                if (++steps > MAX_STEPS || writes(insn, local)) return false;
                if (op == Opcodes.ARETURN) {
                    // What this path pushed last: the local, maybe cast (a merge here is checked per path).
                    AbstractInsnNode load = last != null && last.getOpcode() == Opcodes.CHECKCAST ? beforeLast : last;
                    if (!(load instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == local)) {
                        return false;
                    }
                    returns++;
                    break;
                }
                // Joining a path already followed: what follows was checked, unless its return depends on what
                // this path pushed (a cast or the return itself, handled above).
                if (op != Opcodes.CHECKCAST && !seen.add(insn)) break;
                if ((op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW || op == Opcodes.JSR
                        || op == Opcodes.RET) {
                    return false;
                }
                if (insn instanceof JumpInsnNode j) {
                    paths.push(new Path(j.label, insn, last));
                    if (op == Opcodes.GOTO) break;
                } else if (insn instanceof TableSwitchInsnNode t) {
                    paths.push(new Path(t.dflt, insn, last));
                    for (LabelNode l : t.labels) paths.push(new Path(l, insn, last));
                    break;
                } else if (insn instanceof LookupSwitchInsnNode l) {
                    paths.push(new Path(l.dflt, insn, last));
                    for (LabelNode label : l.labels) paths.push(new Path(label, insn, last));
                    break;
                }
                beforeLast = last;
                last = insn;
            }
            if (insn == null) return false; // ran off the end: not code javac writes
        }
        return returns > 0;
    }

    /** A path to follow from {@code start}, with the last two instructions it ran before. */
    private record Path(AbstractInsnNode start, AbstractInsnNode last, AbstractInsnNode beforeLast) {}

    /** Whether {@code insn} writes the local slot {@code local} (a two-slot store just below it covers it too). */
    private static boolean writes(AbstractInsnNode insn, int local) {
        if (insn instanceof IincInsnNode i) return i.var == local;
        if (!(insn instanceof VarInsnNode v)) return false;
        int op = v.getOpcode();
        boolean store = op >= Opcodes.ISTORE && op <= Opcodes.ASTORE;
        boolean wide = op == Opcodes.LSTORE || op == Opcodes.DSTORE;
        return store && (v.var == local || (wide && v.var + 1 == local));
    }

    private static AbstractInsnNode skipCast(AbstractInsnNode insn) {
        return insn != null && insn.getOpcode() == Opcodes.CHECKCAST ? realNext(insn) : insn;
    }

    private static AbstractInsnNode realNext(AbstractInsnNode insn) {
        AbstractInsnNode n = insn.getNext();
        while (n != null && n.getOpcode() < 0) n = n.getNext();
        return n;
    }
}
