package dev.autopool.agent.analysis;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Recomputes the stack map frames and maxima of one method whose control flow changed, without loading a class:
 * ASM computes them on a copy written alone into a scratch class, merging types through a {@link TypeHierarchy},
 * and the frames are transplanted into the method in place. The method's own instruction nodes stay (other
 * rewrites may still hold them, e.g. to patch site ids in later).
 */
final class FrameComputer {
    private FrameComputer() {}

    static void recomputeInPlace(ClassNode owner, MethodNode method, TypeHierarchy hierarchy) {
        MethodNode computed = computed(owner, method, hierarchy);
        List<AbstractInsnNode> mine = realInstructions(method.instructions);
        List<AbstractInsnNode> theirs = realInstructions(computed.instructions);
        if (mine.size() != theirs.size()) {
            throw new IllegalStateException("frame computation changed the code (unreachable instructions?)");
        }
        for (int i = 0; i < mine.size(); i++) {
            if (mine.get(i).getOpcode() != theirs.get(i).getOpcode()) {
                throw new IllegalStateException("frame computation changed instruction " + i);
            }
        }
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            if (insn instanceof FrameNode) {
                method.instructions.remove(insn);
            }
        }
        for (AbstractInsnNode insn : computed.instructions) {
            if (insn instanceof FrameNode frame) {
                int at = indexOfNextReal(theirs, frame);
                FrameNode copy = new FrameNode(Opcodes.F_NEW, frame.local.size(),
                        translate(frame.local, theirs, mine, method.instructions),
                        frame.stack.size(), translate(frame.stack, theirs, mine, method.instructions));
                method.instructions.insertBefore(mine.get(at), copy);
            }
        }
        method.maxStack = computed.maxStack;
        method.maxLocals = Math.max(method.maxLocals, computed.maxLocals);
    }

    private static MethodNode computed(ClassNode owner, MethodNode method, TypeHierarchy hierarchy) {
        TypeHierarchy withOwner = new TypeHierarchy() {
            @Override
            public String superName(String internalName) {
                return internalName.equals(owner.name) ? owner.superName : hierarchy.superName(internalName);
            }

            @Override
            public boolean isInterface(String internalName) {
                return internalName.equals(owner.name)
                        ? (owner.access & Opcodes.ACC_INTERFACE) != 0
                        : hierarchy.isInterface(internalName);
            }
        };
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return withOwner.commonSuperClass(a, b);
            }
        };
        writer.visit(owner.version, owner.access, owner.name, null, owner.superName,
                owner.interfaces.toArray(String[]::new));
        method.accept(writer);
        writer.visitEnd();
        ClassNode scratch = new ClassNode();
        new ClassReader(writer.toByteArray()).accept(scratch, ClassReader.EXPAND_FRAMES);
        return scratch.methods.get(0);
    }

    /** Frame entries of the scratch copy, with uninitialized-object labels mapped onto this method's code. */
    private static Object[] translate(List<Object> entries, List<AbstractInsnNode> theirs,
                                      List<AbstractInsnNode> mine, InsnList code) {
        Object[] out = new Object[entries.size()];
        for (int i = 0; i < out.length; i++) {
            Object e = entries.get(i);
            out[i] = e instanceof LabelNode label ? labelBefore(mine.get(indexOfNextReal(theirs, label)), code) : e;
        }
        return out;
    }

    private static LabelNode labelBefore(AbstractInsnNode insn, InsnList code) {
        for (AbstractInsnNode p = insn.getPrevious(); p != null && p.getOpcode() < 0; p = p.getPrevious()) {
            if (p instanceof LabelNode label) {
                return label;
            }
        }
        LabelNode label = new LabelNode();
        code.insertBefore(insn, label);
        return label;
    }

    private static int indexOfNextReal(List<AbstractInsnNode> real, AbstractInsnNode node) {
        AbstractInsnNode next = node;
        while (next != null && next.getOpcode() < 0) {
            next = next.getNext();
        }
        int index = next == null ? -1 : real.indexOf(next);
        if (index < 0) {
            throw new IllegalStateException("a frame or label with no instruction after it");
        }
        return index;
    }

    private static List<AbstractInsnNode> realInstructions(InsnList code) {
        List<AbstractInsnNode> real = new ArrayList<>();
        for (AbstractInsnNode insn : code) {
            if (insn.getOpcode() >= 0) {
                real.add(insn);
            }
        }
        return real;
    }
}
