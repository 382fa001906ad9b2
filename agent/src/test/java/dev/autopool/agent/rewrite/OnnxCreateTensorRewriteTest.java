package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.agent.config.Config;
import dev.autopool.agent.config.ConfigParser;
import dev.autopool.agent.config.Settings;
import dev.autopool.runtime.onnx.OnnxTensors;
import java.util.List;
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
        assertNotNull(OnnxCreateTensorRewrite.fromSettings(Settings.NONE));
        assertNotNull(OnnxCreateTensorRewrite.fromSettings(settings("set onnx=on")));
        assertNull(OnnxCreateTensorRewrite.fromSettings(settings("set onnx=off")));
        assertNull(OnnxCreateTensorRewrite.fromSettings(settings("onnx OFF")));
        assertNull(OnnxCreateTensorRewrite.fromSettings(settings("onnx off")));
    }

    @Test
    void aBadOnnxLineIsAProblemNamingItsLine() {
        Config config = ConfigParser.parse("app.conf", List.of("# x", "onnx maybe"));
        assertEquals(1, config.problems().size());
        assertTrue(config.problems().get(0).message().contains("app.conf:2"), config.problems()::toString);
        assertNotNull(OnnxCreateTensorRewrite.fromSettings(config.settings()));
    }

    private static Settings settings(String line) {
        Config config = ConfigParser.parse("test.conf", List.of(line));
        assertEquals(List.of(), config.problems());
        return config.settings();
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
