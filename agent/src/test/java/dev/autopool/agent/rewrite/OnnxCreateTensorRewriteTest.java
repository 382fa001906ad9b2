package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.autopool.runtime.onnx.OnnxTensors;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.Type;

class OnnxCreateTensorRewriteTest {
    private static final String T = "Lai/onnxruntime/OnnxTensor;";
    private static final String ENV = "Lai/onnxruntime/OrtEnvironment;";

    @ParameterizedTest
    @ValueSource(strings = {"Ljava/lang/Object;", "Ljava/nio/FloatBuffer;[J", "Ljava/nio/DoubleBuffer;[J",
            "Ljava/nio/IntBuffer;[J", "Ljava/nio/LongBuffer;[J", "Ljava/nio/ShortBuffer;[J",
            "Ljava/nio/ByteBuffer;[J", "Ljava/nio/ShortBuffer;[JLai/onnxruntime/OnnxJavaType;",
            "Ljava/nio/ByteBuffer;[JLai/onnxruntime/OnnxJavaType;"})
    void everyCopyingOverloadLandsOnARuntimeMethodThatExists(String params) {
        String target = OnnxCreateTensorRewrite.runtimeDescriptor("ai/onnxruntime/OnnxTensor", "createTensor",
                "(" + ENV + params + ")" + T);
        assertNotNull(target);
        Type type = Type.getMethodType(target);
        Class<?>[] args = java.util.Arrays.stream(type.getArgumentTypes()).map(OnnxCreateTensorRewriteTest::classFor)
                .toArray(Class<?>[]::new);
        assertEquals(Object.class, assertDoesNotThrow(() -> OnnxTensors.class.getMethod("createTensor", args))
                .getReturnType());
        assertEquals(Class.class, args[args.length - 2], "the caller's OnnxTensor class comes before the site");
    }

    @ParameterizedTest
    @ValueSource(strings = {"([Ljava/lang/String;[J)", "(Lai/onnxruntime/OrtAllocator;Ljava/lang/Object;)"})
    void stringAndNonPublicOverloadsAreLeftAlone(String params) {
        assertNull(OnnxCreateTensorRewrite.runtimeDescriptor("ai/onnxruntime/OnnxTensor", "createTensor",
                params.replace("(", "(" + ENV) + T));
    }

    @Test
    void otherOwnersAreLeftAlone() {
        assertNull(OnnxCreateTensorRewrite.runtimeDescriptor("com/acme/OnnxTensor", "createTensor",
                "(" + ENV + "Ljava/lang/Object;)" + T));
    }

    @Test
    void theRuleIsOnUnlessSwitchedOff() {
        assertNotNull(OnnxCreateTensorRewrite.fromSettings(Map.of()));
        assertNotNull(OnnxCreateTensorRewrite.fromSettings(Map.of("onnx", "on")));
        assertNull(OnnxCreateTensorRewrite.fromSettings(Map.of("onnx", "off")));
        assertNull(OnnxCreateTensorRewrite.fromSettings(Map.of("onnx", "OFF ")));
    }

    private static Class<?> classFor(Type t) {
        try {
            if (t.getSort() == Type.INT) return int.class;
            if (t.getSort() == Type.ARRAY) return Class.forName(t.getDescriptor().replace('/', '.'));
            return Class.forName(t.getClassName());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
