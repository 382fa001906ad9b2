package dev.autopool.agent.analysis;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LineNumberNode;

/**
 * Source lines of a method's instructions, for verdicts a user can find: {@code Frame.java:941}. The one place
 * that maps an instruction to its line: precomputed for a method being analysed, walked back for one at hand.
 */
public final class Lines {
    private final String file;
    private final int[] lines;
    private final InsnList insns;

    Lines(String file, InsnList insns) {
        this.file = file == null ? "Unknown Source" : file;
        this.insns = insns;
        this.lines = new int[insns.size()];
        int line = -1;
        for (int i = 0; i < lines.length; i++) {
            if (insns.get(i) instanceof LineNumberNode n) {
                line = n.line;
            }
            lines[i] = line;
        }
    }

    /** The source line of {@code insn}: the nearest line-number entry before it, or -1. */
    public static int before(AbstractInsnNode insn) {
        for (AbstractInsnNode i = insn; i != null; i = i.getPrevious()) {
            if (i instanceof LineNumberNode ln) return ln.line;
        }
        return -1;
    }

    int lineOf(AbstractInsnNode insn) {
        return lines[insns.indexOf(insn)];
    }

    String file() {
        return file;
    }

    /** {@code File.java:941}, or the file alone when the class has no line numbers. */
    String where(AbstractInsnNode insn) {
        int line = lineOf(insn);
        return line > 0 ? file + ":" + line : file;
    }
}
