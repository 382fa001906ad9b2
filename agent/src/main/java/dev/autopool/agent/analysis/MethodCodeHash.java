package dev.autopool.agent.analysis;

import java.util.List;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * A 64-bit hash of a method's code as the analysis sees it, after the rewrites before it (factory calls, pooled
 * {@code new}s): every instruction with its operands, labels by position, handlers, line numbers, frames and the
 * stack and local sizes. A remembered plan names its borrows by instruction index, so it is used only on code with
 * the same hash. The class's own bytes are hashed in full elsewhere; this tells apart the rewritten states of one
 * method (a factory call pooled in one run and not in another).
 */
final class MethodCodeHash {
    private long h = 0x9E3779B97F4A7C15L;

    private MethodCodeHash() {}

    static long of(MethodNode method) {
        MethodCodeHash hash = new MethodCodeHash();
        InsnList code = method.instructions;
        hash.add(method.name).add(method.desc).add(method.access).add(method.maxStack).add(method.maxLocals)
                .add(code.size());
        for (AbstractInsnNode insn : code) {
            hash.add(insn.getType()).add(insn.getOpcode());
            hash.operands(code, insn);
        }
        for (TryCatchBlockNode t : method.tryCatchBlocks) {
            hash.add(code.indexOf(t.start)).add(code.indexOf(t.end)).add(code.indexOf(t.handler)).add(t.type);
        }
        return hash.h;
    }

    private void operands(InsnList code, AbstractInsnNode insn) {
        if (insn instanceof IntInsnNode i) {
            add(i.operand);
        } else if (insn instanceof VarInsnNode v) {
            add(v.var);
        } else if (insn instanceof TypeInsnNode t) {
            add(t.desc);
        } else if (insn instanceof FieldInsnNode f) {
            add(f.owner).add(f.name).add(f.desc);
        } else if (insn instanceof MethodInsnNode m) {
            add(m.owner).add(m.name).add(m.desc).add(m.itf ? 1 : 0);
        } else if (insn instanceof InvokeDynamicInsnNode d) {
            add(d.name).add(d.desc).add(String.valueOf(d.bsm));
            for (Object arg : d.bsmArgs) add(arg.getClass().getName()).add(String.valueOf(arg));
        } else if (insn instanceof JumpInsnNode j) {
            add(code.indexOf(j.label));
        } else if (insn instanceof LdcInsnNode l) {
            add(l.cst.getClass().getName()).add(String.valueOf(l.cst));
        } else if (insn instanceof IincInsnNode i) {
            add(i.var).add(i.incr);
        } else if (insn instanceof TableSwitchInsnNode t) {
            add(t.min).add(t.max).add(code.indexOf(t.dflt)).labels(code, t.labels);
        } else if (insn instanceof LookupSwitchInsnNode l) {
            add(code.indexOf(l.dflt)).labels(code, l.labels);
            for (Integer k : l.keys) add(k);
        } else if (insn instanceof MultiANewArrayInsnNode m) {
            add(m.desc).add(m.dims);
        } else if (insn instanceof LineNumberNode n) {
            add(n.line).add(code.indexOf(n.start));
        } else if (insn instanceof FrameNode f) {
            add(f.type).items(code, f.local).add(-1).items(code, f.stack);
        }
    }

    private MethodCodeHash labels(InsnList code, List<LabelNode> labels) {
        add(labels.size());
        for (LabelNode l : labels) add(code.indexOf(l));
        return this;
    }

    private MethodCodeHash items(InsnList code, List<Object> items) {
        if (items == null) return add(-2);
        add(items.size());
        for (Object o : items) {
            if (o instanceof LabelNode l) add("label").add(code.indexOf(l));
            else add(String.valueOf(o));
        }
        return this;
    }

    private MethodCodeHash add(long v) {
        // splitmix64's finaliser over the running state: every token moves every bit.
        long z = (h ^ v) + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        h = z ^ (z >>> 31);
        return this;
    }

    private MethodCodeHash add(String s) {
        if (s == null) return add(-3);
        add(s.length());
        for (int i = 0; i < s.length(); i++) add(s.charAt(i));
        return this;
    }
}
