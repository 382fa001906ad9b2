package dev.autopool.agent.rewrite;

import dev.autopool.runtime.Sites;
import dev.autopool.runtime.onnx.OnnxTensors;
import java.util.Map;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The built-in ONNX rule: every call to a copying public {@code OnnxTensor.createTensor} overload (numeric
 * arrays through the {@code Object} overload, heap buffers through the buffer overloads) goes to
 * {@link OnnxTensors}, which builds the same tensor over a pooled direct buffer. String overloads are left
 * alone; whether a buffer is the app's own direct buffer is decided at run time.
 *
 * <p>The rewrite keeps the stack shape: the original arguments stay, the caller's {@code OnnxTensor} class (so
 * the runtime reaches the ONNX Runtime of the caller's class loader) and a site id are pushed, and the
 * {@code Object} result is cast back to {@code OnnxTensor}; no frame changes.
 */
public final class OnnxCreateTensorRewrite extends AsmVisitorWrapper.AbstractBase {
    static final String TENSOR = "ai/onnxruntime/OnnxTensor";
    private static final String ENV = "Lai/onnxruntime/OrtEnvironment;";
    private static final String JAVA_TYPE = "Lai/onnxruntime/OnnxJavaType;";
    private static final String RUNTIME = Type.getInternalName(OnnxTensors.class);
    private static final String RETURNS = ")L" + TENSOR + ";";

    /** Parameter lists of the rewritten overloads, and the runtime descriptor each lands on. */
    private static final Map<String, String> TARGETS = Map.of(
            "(" + ENV + "Ljava/lang/Object;", "(Ljava/lang/Object;Ljava/lang/Object;",
            "(" + ENV + "Ljava/nio/FloatBuffer;[J", "(Ljava/lang/Object;Ljava/nio/FloatBuffer;[J",
            "(" + ENV + "Ljava/nio/DoubleBuffer;[J", "(Ljava/lang/Object;Ljava/nio/DoubleBuffer;[J",
            "(" + ENV + "Ljava/nio/IntBuffer;[J", "(Ljava/lang/Object;Ljava/nio/IntBuffer;[J",
            "(" + ENV + "Ljava/nio/LongBuffer;[J", "(Ljava/lang/Object;Ljava/nio/LongBuffer;[J",
            "(" + ENV + "Ljava/nio/ShortBuffer;[J", "(Ljava/lang/Object;Ljava/nio/ShortBuffer;[J",
            "(" + ENV + "Ljava/nio/ByteBuffer;[J", "(Ljava/lang/Object;Ljava/nio/ByteBuffer;[J",
            "(" + ENV + "Ljava/nio/ShortBuffer;[J" + JAVA_TYPE, "(Ljava/lang/Object;Ljava/nio/ShortBuffer;[JLjava/lang/Object;",
            "(" + ENV + "Ljava/nio/ByteBuffer;[J" + JAVA_TYPE, "(Ljava/lang/Object;Ljava/nio/ByteBuffer;[JLjava/lang/Object;");

    /**
     * The built-in ONNX rule as the settings configure it, or null when they switch it off ({@code onnx=off},
     * also written {@code onnx off} in the rules file). {@code onnx-pool-mb=N} caps the free direct buffers
     * the runtime's pool keeps (default 256).
     */
    public static OnnxCreateTensorRewrite fromSettings(Map<String, String> settings) {
        String value = settings.getOrDefault("onnx", "on").trim().toLowerCase(java.util.Locale.ROOT);
        if (value.equals("off") || value.equals("false") || value.equals("no")) {
            return null;
        }
        String mb = settings.get("onnx-pool-mb");
        if (mb != null) {
            try {
                OnnxTensors.maxRetainedBytes(Long.parseLong(mb.trim()) << 20);
            } catch (NumberFormatException e) {
                System.getLogger("autopool").log(System.Logger.Level.WARNING, "autopool CONFIG onnx-pool-mb="
                        + mb + " is not a whole number of megabytes; the default is kept");
            }
        }
        return new OnnxCreateTensorRewrite();
    }

    private OnnxCreateTensorRewrite() {}

    /** The runtime descriptor for a {@code createTensor} call, or null when that overload is left alone. */
    static String runtimeDescriptor(String owner, String name, String descriptor) {
        if (!owner.equals(TENSOR) || !name.equals("createTensor") || !descriptor.endsWith(RETURNS)) return null;
        String params = TARGETS.get(descriptor.substring(0, descriptor.length() - RETURNS.length()));
        return params == null ? null : params + "Ljava/lang/Class;I)Ljava/lang/Object;";
    }

    @Override
    public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor,
                             Implementation.Context implementationContext, TypePool typePool,
                             FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods,
                             int writerFlags, int readerFlags) {
        return new ClassRewriter(classVisitor);
    }

    private static final class ClassRewriter extends ClassVisitor {
        private String className;
        private String sourceFile;
        private boolean canLoadClassConstants;

        ClassRewriter(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            className = name.replace('/', '.');
            // ldc of a class constant needs class file version 49 (Java 5) or later.
            canLoadClassConstants = (version & 0xFFFF) >= Opcodes.V1_5;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public void visitSource(String source, String debug) {
            sourceFile = source;
            super.visitSource(source, debug);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            return next == null || !canLoadClassConstants ? next : new MethodRewriter(next, name);
        }

        private final class MethodRewriter extends MethodVisitor {
            private final String methodName;
            private int line = -1;
            private boolean rewrote;

            MethodRewriter(MethodVisitor next, String methodName) {
                super(Opcodes.ASM9, next);
                this.methodName = methodName;
            }

            @Override
            public void visitLineNumber(int line, Label start) {
                this.line = line;
                super.visitLineNumber(line, start);
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                                        boolean isInterface) {
                String target = opcode == Opcodes.INVOKESTATIC ? runtimeDescriptor(owner, name, descriptor) : null;
                if (target == null) {
                    super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                    return;
                }
                int site = Sites.register(className, methodName, sourceFile, line, "onnx");
                super.visitLdcInsn(Type.getObjectType(TENSOR));
                super.visitLdcInsn(site);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, RUNTIME, "createTensor", target, false);
                super.visitTypeInsn(Opcodes.CHECKCAST, TENSOR);
                rewrote = true;
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                // The class and the site id can sit on top of a full stack.
                super.visitMaxs(rewrote ? maxStack + 2 : maxStack, maxLocals);
            }
        }
    }
}
