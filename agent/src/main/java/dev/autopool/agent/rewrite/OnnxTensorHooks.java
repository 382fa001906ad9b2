package dev.autopool.agent.rewrite;

import dev.autopool.runtime.onnx.OnnxTensors;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The only change made to ONNX Runtime itself. {@code OnnxTensor.close()}, after its own code has released the
 * native value, tells the runtime, which hands a pooled tensor's buffer back, whichever way the app closed it
 * (directly, try-with-resources on any type, {@code OrtSession.Result.close()}). {@code getBufferRef()} passes the
 * view it returns through the runtime, which then never reuses that buffer; it and {@code ownsBuffer()} answer as
 * ONNX Runtime would have for the app's own data. Only normal returns are hooked: a
 * close that throws leaves the buffer to the leak path, which never reuses it. Stack shapes at the hooks are
 * known, so no frame changes.
 */
public final class OnnxTensorHooks {
    public static final String CLASS = OnnxCreateTensorRewrite.TENSOR;
    private static final String RUNTIME = Type.getInternalName(OnnxTensors.class);

    private OnnxTensorHooks() {}

    /** The hooked class file of {@code ai.onnxruntime.OnnxTensor}. */
    public static byte[] instrument(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                if ((access & Opcodes.ACC_STATIC) != 0 || next == null) return next;
                if (name.equals("close") && descriptor.equals("()V")) return new CloseHook(next);
                if (name.equals("getBufferRef") && descriptor.equals("()Ljava/util/Optional;")) return new ViewHook(next);
                if (name.equals("ownsBuffer") && descriptor.equals("()Z")) return new OwnsHook(next);
                return next;
            }
        }, 0);
        return writer.toByteArray();
    }

    private static final class CloseHook extends MethodVisitor {
        CloseHook(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.RETURN) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitInsn(Opcodes.ICONST_1);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, RUNTIME, "closed", "(Ljava/lang/Object;Z)V", false);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + 2, maxLocals);
        }
    }

    private static final class OwnsHook extends MethodVisitor {
        OwnsHook(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.IRETURN) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitInsn(Opcodes.SWAP);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, RUNTIME, "owns", "(Ljava/lang/Object;Z)Z", false);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + 1, maxLocals);
        }
    }

    private static final class ViewHook extends MethodVisitor {
        ViewHook(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.ARETURN) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitInsn(Opcodes.SWAP);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, RUNTIME, "viewed",
                        "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false);
                super.visitTypeInsn(Opcodes.CHECKCAST, "java/util/Optional");
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + 1, maxLocals);
        }
    }
}
