package dev.autopool.agent.analysis;

import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * JDK methods known to keep no reference to their array arguments, so the analysis need not read them: element
 * operations of {@code java.util.Arrays} over primitive arrays, the boxes and math classes, and the methods every
 * array inherits from {@code Object} ({@code clone} of a matrix shares its rows, so it aliases its receiver).
 * What the list says is knowledge about a JDK class's code, so a verdict resting on it depends on that class
 * (should anyone retransform {@code java.util.Arrays}, the verdict is withdrawn like any other).
 */
final class Allowlist {
    private static final Set<String> HARMLESS_OWNERS = Set.of("java/lang/Math", "java/lang/StrictMath",
            "java/lang/Float", "java/lang/Double", "java/lang/Integer", "java/lang/Long", "java/lang/Short",
            "java/lang/Byte", "java/lang/Character", "java/lang/Boolean");

    private Allowlist() {}

    /**
     * The summary of an allowlisted method, or null when the method is not on the list; {@code poolOwner} is the
     * runtime class rewritten code calls.
     */
    static CalleeSummary summaryOf(MethodInsnNode call, int arguments, String poolOwner) {
        if (call.owner.startsWith("[")) {
            if (call.name.equals("clone")) {
                CalleeSummary s = CalleeSummary.harmless(arguments, Set.of());
                s.effects()[0] = Effect.RETURNED;
                return s;
            }
            return CalleeSummary.harmless(arguments, Set.of()); // array methods have no bytecode anyone can change
        }
        if (call.getOpcode() != Opcodes.INVOKESTATIC) {
            return null;
        }
        if (copiesIntoATensor(call)) {
            // Every createTensor overload copies the array into memory of its own (autopool's rewrite of the call
            // or ONNX Runtime itself); a class-file change there is not something this claim rests on.
            return CalleeSummary.harmless(arguments, Set.of());
        }
        if (bindsALifecycleStore(call, poolOwner)) {
            // The lifecycle rewrite's own call right before a putfield: the putfield is the escape to name.
            return CalleeSummary.harmless(arguments, Set.of());
        }
        if (HARMLESS_OWNERS.contains(call.owner)
                || (call.owner.equals("java/util/Arrays") && onlyPrimitivesIn(call.desc))) {
            return CalleeSummary.harmless(arguments, Set.of(ClassKey.boot(call.owner)));
        }
        if (call.owner.equals("java/util/Objects") && call.name.equals("requireNonNull")) {
            CalleeSummary s = CalleeSummary.harmless(arguments, Set.of(ClassKey.boot(call.owner)));
            s.effects()[0] = Effect.RETURNED;
            return s;
        }
        return null;
    }

    /**
     * ONNX Runtime's {@code OnnxTensor.createTensor(env, Object)} and the runtime entry a rewritten call lands on:
     * both copy a primitive array's values into the tensor's own memory and keep no reference to the array, so
     * an output fed back as the next step's input (a decoder loop, a beam search) still dies in its method.
     */
    private static boolean copiesIntoATensor(MethodInsnNode call) {
        return call.name.equals("createTensor") && ((call.owner.equals("ai/onnxruntime/OnnxTensor")
                && call.desc.equals("(Lai/onnxruntime/OrtEnvironment;Ljava/lang/Object;)Lai/onnxruntime/OnnxTensor;"))
                || (call.owner.endsWith("/runtime/onnx/OnnxTensors")
                        && call.desc.equals("(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Class;I)Ljava/lang/Object;")));
    }

    /**
     * The runtime's {@code stored(Object, Object)} and {@code storedOver(Object, Object, Object)}, which the lifecycle
     * rewrite inserts before a store into a lifecycle field: they note the store (holding nothing strongly) and
     * release nothing.
     */
    private static boolean bindsALifecycleStore(MethodInsnNode call, String poolOwner) {
        return call.owner.equals(poolOwner)
                && ((call.name.equals("stored") && call.desc.equals("(Ljava/lang/Object;Ljava/lang/Object;)V"))
                        || (call.name.equals("storedOver")
                                && call.desc.equals("(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)V")));
    }

    /** Primitive (or one-dimensional primitive array) parameters and result: no view such as a stream escapes. */
    private static boolean onlyPrimitivesIn(String desc) {
        Type[] types = Type.getArgumentTypes(desc);
        types = java.util.Arrays.copyOf(types, types.length + 1);
        types[types.length - 1] = Type.getReturnType(desc);
        for (Type t : types) {
            Type element = t.getSort() == Type.ARRAY ? t.getElementType() : t;
            if (element.getSort() > Type.DOUBLE || (t.getSort() == Type.ARRAY && t.getDimensions() > 1)) {
                return false;
            }
        }
        return true;
    }
}
