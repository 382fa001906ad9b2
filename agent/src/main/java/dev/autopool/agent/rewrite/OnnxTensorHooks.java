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
                if (name.equals("close") && descriptor.equals("()V")) {
                    return new ReturnHook(next, Opcodes.RETURN, "closed", "(Ljava/lang/Object;Z)V", null);
                }
                if (name.equals("getBufferRef") && descriptor.equals("()Ljava/util/Optional;")) {
                    return new ReturnHook(next, Opcodes.ARETURN, "viewed",
                            "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", "java/util/Optional");
                }
                if (name.equals("ownsBuffer") && descriptor.equals("()Z")) {
                    return new ReturnHook(next, Opcodes.IRETURN, "owns", "(Ljava/lang/Object;Z)Z", null);
                }
                return next;
            }
        }, 0);
        return writer.toByteArray();
    }

    /**
     * Before each {@code returnOpcode}: {@code this} and the value about to be returned (for {@code close()}, whose
     * return has none, {@code true}: it completed) go to the runtime's {@code method}, whose answer is returned
     * instead (cast to {@code castTo} when not null).
     */
    private static final class ReturnHook extends MethodVisitor {
        private final int returnOpcode;
        private final String method;
        private final String descriptor;
        private final String castTo;

        ReturnHook(MethodVisitor next, int returnOpcode, String method, String descriptor, String castTo) {
            super(Opcodes.ASM9, next);
            this.returnOpcode = returnOpcode;
            this.method = method;
            this.descriptor = descriptor;
            this.castTo = castTo;
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == returnOpcode) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitInsn(opcode == Opcodes.RETURN ? Opcodes.ICONST_1 : Opcodes.SWAP);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, RUNTIME, method, descriptor, false);
                if (castTo != null) super.visitTypeInsn(Opcodes.CHECKCAST, castTo);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + 2, maxLocals);
        }
    }
}
