package dev.autopool.agent.rewrite;

import dev.autopool.agent.rewrite.fixture.Shapes;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ByteVector;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Class files javac would not write, made with ASM: a method near the 64 KiB limit, a class ASM cannot read, a
 * class as a Java 5 compiler wrote it.
 */
final class GeneratedClasses {
    static final String FACTORY_OWNER = Type.getInternalName(Shapes.class);

    private GeneratedClasses() {}

    /** {@code classFile} as a compiler for an older Java would have written it: no stack map frames. */
    static byte[] withVersion(byte[] classFile, int classVersion) {
        ClassWriter cw = new ClassWriter(0);
        new org.objectweb.asm.ClassReader(classFile).accept(new org.objectweb.asm.ClassVisitor(Opcodes.ASM9, cw) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                super.visit(classVersion, access, name, signature, superName, interfaces);
            }
        }, org.objectweb.asm.ClassReader.SKIP_FRAMES);
        return cw.toByteArray();
    }

    /** Whether any method of {@code classFile} has a {@code StackMapTable}. */
    static boolean hasStackMapFrames(byte[] classFile) {
        boolean[] seen = {false};
        new org.objectweb.asm.ClassReader(classFile).accept(new org.objectweb.asm.ClassVisitor(Opcodes.ASM9) {
            @Override
            public org.objectweb.asm.MethodVisitor visitMethod(int access, String name, String desc, String sig,
                                                               String[] exceptions) {
                return new org.objectweb.asm.MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFrame(int type, int nLocal, Object[] local, int nStack, Object[] stack) {
                        seen[0] = true;
                    }
                };
            }
        }, 0);
        return seen[0];
    }

    /**
     * {@code name}, a lifecycle class as Java 25's flexible constructor bodies compile it: its constructor stores a
     * factory's buffer into {@code planes} before its {@code super()} call, and another over it after the call.
     */
    static byte[] withEarlyStore(String name) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        cw.visitField(Opcodes.ACC_PUBLIC, "planes", "[[F", null, null).visitEnd();
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(I)V", null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, FACTORY_OWNER, "float2d", "(II)[[F", false);
        mv.visitFieldInsn(Opcodes.PUTFIELD, name, "planes", "[[F");
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitInsn(Opcodes.IADD);
        mv.visitInsn(Opcodes.DUP);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, FACTORY_OWNER, "float2d", "(II)[[F", false);
        mv.visitFieldInsn(Opcodes.PUTFIELD, name, "planes", "[[F");
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "close", "()V", null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** {@code name} with {@code big()} making {@code calls} factory calls (7 bytes each) and {@code small()} one. */
    static byte[] withBigMethod(String name, int calls) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        factoryCalls(cw, "big", calls, null);
        factoryCalls(cw, "small", 1, null);
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * {@code name} with {@code wide()}, which declares {@code maxLocals} local slots and uses one of them for a
     * borrow that dies in the method (so the automatic release would add hidden locals after the last slot), and
     * {@code small()} with one factory call.
     */
    static byte[] withManyLocals(String name, int maxLocals) {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "wide", "()I", null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, FACTORY_OWNER, "float3d", "(III)[[[F", false);
        mv.visitVarInsn(Opcodes.ASTORE, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitInsn(Opcodes.ARRAYLENGTH);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(3, maxLocals);
        mv.visitEnd();
        mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "small", "()V", null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, FACTORY_OWNER, "float3d", "(III)[[[F", false);
        mv.visitInsn(Opcodes.POP);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(3, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * A Java 5 class whose code carries a malformed {@code StackMapTable}: the JVM ignores that attribute below
     * version 50, ASM's reader rejects it.
     */
    static byte[] unreadableByAsm(String name) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        factoryCalls(cw, "run", 1, new Attribute("StackMapTable") {
            @Override
            public boolean isCodeAttribute() {
                return true;
            }

            @Override
            protected ByteVector write(org.objectweb.asm.ClassWriter w, byte[] code, int len, int maxStack,
                                       int maxLocals) {
                return new ByteVector().putShort(1).putByte(200); // one frame of a reserved type
            }
        });
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static void factoryCalls(ClassWriter cw, String method, int calls, Attribute codeAttribute) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, method, "()V", null, null);
        if (codeAttribute != null) mv.visitAttribute(codeAttribute);
        mv.visitCode();
        for (int i = 0; i < calls; i++) {
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, FACTORY_OWNER, "float3d", "(III)[[[F", false);
            mv.visitInsn(Opcodes.POP);
        }
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
