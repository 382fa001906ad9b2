package dev.autopool.agent.analysis;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Recomputes the stack map frames and maxima of one method whose control flow changed, by writing it alone into
 * a scratch class. Types are merged through a {@link TypeHierarchy}, so no class is loaded; the class being
 * rewritten is answered from its own node.
 */
final class FrameComputer {
    private FrameComputer() {}

    static MethodNode recompute(ClassNode owner, MethodNode method, TypeHierarchy hierarchy) {
        TypeHierarchy withOwner = new TypeHierarchy() {
            @Override
            public String superName(String internalName) {
                return internalName.equals(owner.name) ? owner.superName : hierarchy.superName(internalName);
            }

            @Override
            public boolean isInterface(String internalName) {
                return internalName.equals(owner.name)
                        ? (owner.access & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0
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
        new ClassReader(writer.toByteArray()).accept(scratch, 0);
        return scratch.methods.get(0);
    }
}
