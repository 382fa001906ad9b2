package dev.autopool.agent.rewrite;

import dev.autopool.agent.config.MethodRef;
import dev.autopool.agent.config.Rule;
import dev.autopool.agent.config.Settings;
import dev.autopool.runtime.onnx.OnnxTensors;
import dev.autopool.runtime.settings.Setting;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

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
public final class OnnxCreateTensorRewrite implements MethodRewrite {
    static final String TENSOR = "ai/onnxruntime/OnnxTensor";
    private static final String ENV = "Lai/onnxruntime/OrtEnvironment;";
    private static final String JAVA_TYPE = "Lai/onnxruntime/OnnxJavaType;";
    private static final String RUNTIME = Type.getInternalName(OnnxTensors.class);
    private static final String RETURNS = ")L" + TENSOR + ";";
    /** What reports name as the rule behind these sites. */
    private static final Rule RULE = new Rule(Rule.Kind.FACTORY,
            MethodRef.parse("ai.onnxruntime.OnnxTensor#createTensor(ai.onnxruntime.OrtEnvironment,java.lang.Object)"),
            null, Map.of(), "onnx (built-in)", 0);

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

    private OnnxCreateTensorRewrite() {}

    /**
     * The built-in ONNX rule as the settings configure it, or null when they switch it off ({@code onnx=off},
     * also written {@code onnx off} in the rules file). ({@code onnx.pool}, the cap on the free direct buffers
     * the runtime's pool keeps, reaches the runtime with the other settings, before they are sealed.)
     */
    public static OnnxCreateTensorRewrite fromSettings(Settings settings) {
        if (settings.get(Setting.ONNX).orElse("on").equals("off")) {
            return null;
        }
        return new OnnxCreateTensorRewrite();
    }

    /** The runtime descriptor for a {@code createTensor} call, or null when that overload is left alone. */
    static String runtimeDescriptor(String owner, String name, String descriptor) {
        if (!owner.equals(TENSOR) || !name.equals("createTensor") || !descriptor.endsWith(RETURNS)) return null;
        String params = TARGETS.get(descriptor.substring(0, descriptor.length() - RETURNS.length()));
        return params == null ? null : params + "Ljava/lang/Class;I)Ljava/lang/Object;";
    }

    @Override
    public Set<String> mentions() {
        return Set.of(TENSOR);
    }

    @Override
    public boolean rewrite(ClassScope scope, MethodNode method) {
        // ldc of a class constant needs class file version 49 (Java 5) or later.
        if ((scope.node().version & 0xFFFF) < Opcodes.V1_5) return false;
        if (!createsTensor(method)) return false; // most methods: no copy of the instruction list
        boolean changed = false;
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            if (!(insn instanceof MethodInsnNode call) || call.getOpcode() != Opcodes.INVOKESTATIC) continue;
            String target = runtimeDescriptor(call.owner, call.name, call.desc);
            if (target == null) continue;
            PendingSite site = scope.site(method, call, RULE, 0, "onnx tensor");
            InsnList before = new InsnList();
            before.add(new LdcInsnNode(Type.getObjectType(TENSOR)));
            before.add(site.push());
            method.instructions.insertBefore(call, before);
            method.instructions.insert(call, new TypeInsnNode(Opcodes.CHECKCAST, TENSOR));
            call.owner = RUNTIME;
            call.desc = target;
            call.itf = false;
            method.maxStack += 2;
            changed = true;
        }
        return changed;
    }

    /** Whether {@code method} has a {@code createTensor} call this rewrite takes: the only candidates here. */
    private static boolean createsTensor(MethodNode method) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESTATIC
                    && runtimeDescriptor(call.owner, call.name, call.desc) != null) {
                return true;
            }
        }
        return false;
    }
}
