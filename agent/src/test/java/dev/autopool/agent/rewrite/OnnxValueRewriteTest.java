package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import dev.autopool.agent.config.Settings;
import dev.autopool.agent.rewrite.RecordingRuntime.Call;
import dev.autopool.agent.rewrite.fixture.autorelease.OnnxOutputs;
import dev.autopool.runtime.settings.Setting;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * ONNX outputs from the pool: {@code getValue()} on an ONNX Runtime value is rewritten only where escape analysis
 * proves its result dies in the method, and the automatic release then takes it home.
 */
class OnnxValueRewriteTest {
    private static final float[][][] DATA = {{{1, 2, 3}, {4, 5, 6}}};

    @ParameterizedTest
    @ValueSource(strings = {"mean", "first", "fedBack"})
    void anOutputThatDiesInItsMethodIsBorrowedAndGoesHomeOnce(String name) throws Exception {
        Rewriting r = new Rewriting(Rewrites.forSettings(Settings.NONE, TestFactories.CLASS_PATH));
        r.rewrite(OnnxOutputs.class);
        Object plain = invoke(OnnxOutputs.class, name);
        Object rewritten = invoke(r.load(OnnxOutputs.class), name);

        assertSameValue(plain, rewritten);
        List<Call> calls = RecordingRuntime.CALLS;
        // releaseIfBorrowed: an original-path value (another type, an app's own OnnxValue) was never lent.
        assertEquals(List.of("onnxValue", "releaseIfBorrowed"), calls.stream().map(Call::method).toList());
        assertSame(calls.get(0).array(), calls.get(1).array());
        SiteInfo borrow = r.sites.get(calls.get(0).site());
        assertTrue(borrow.rule().startsWith("onnx (built-in)"), borrow::toString);
        assertEquals("released where it dies: at every exit and before it is borrowed again", borrow.verdict());
    }

    @ParameterizedTest
    @ValueSource(strings = {"keep", "handOut", "row"})
    void anOutputThatEscapesKeepsTheOriginalCall(String name) throws Exception {
        Rewriting r = new Rewriting(Rewrites.forSettings(Settings.NONE, TestFactories.CLASS_PATH));
        r.rewrite(OnnxOutputs.class);
        assertSameValue(invoke(OnnxOutputs.class, name), invoke(r.load(OnnxOutputs.class), name));

        assertEquals(List.of(), RecordingRuntime.CALLS);
        assertTrue(r.sites.stream().noneMatch(s -> s.method().equals(name)), r.sites::toString);
    }

    /**
     * An output handed to the caller on every path that does not throw escapes: the escape analysis is not asked
     * (on a class's first rewrite it is the cold start of the whole analysis, on the app's thread). Every other
     * output, kept or dropped on some path, is still judged by it.
     */
    @Test
    void anOutputReturnedOnEveryPathIsNotAnalysed() {
        List<String> asked = new java.util.ArrayList<>();
        ArrayHomecoming recording = (scope, method, insn) -> {
            asked.add(method.name);
            return false;
        };
        Rewriting r = new Rewriting(List.of(new OnnxValueRewrite(recording)));
        r.rewrite(OnnxOutputs.class);

        assertEquals(java.util.Set.of("mean", "first", "fedBack", "keep", "row", "handOutSometimes"),
                java.util.Set.copyOf(asked));
    }

    @ParameterizedTest
    @ValueSource(strings = {"handOutThroughALocal", "handOutSometimes"})
    void anOutputReturnedThroughALocalKeepsTheOriginalCall(String name) throws Exception {
        Rewriting r = new Rewriting(Rewrites.forSettings(Settings.NONE, TestFactories.CLASS_PATH));
        r.rewrite(OnnxOutputs.class);
        assertSameValue(invoke(OnnxOutputs.class, name), invoke(r.load(OnnxOutputs.class), name));
        assertEquals(List.of(), RecordingRuntime.CALLS);
    }

    @Test
    void withOnnxOrAutomaticReleaseOffNoOutputIsPooled() throws Exception {
        for (Settings settings : List.of(Settings.NONE.with(Setting.ONNX, "off"),
                Settings.NONE.with(Setting.AUTO_RELEASE, "off"))) {
            Rewriting r = new Rewriting(Rewrites.forSettings(settings, TestFactories.CLASS_PATH));
            r.rewrite(OnnxOutputs.class);
            invoke(r.load(OnnxOutputs.class), "mean");
            assertEquals(List.of(), RecordingRuntime.CALLS, settings::toString);
        }
    }

    private static Object invoke(Class<?> c, String name) throws Exception {
        for (Method m : c.getMethods()) {
            if (!m.getName().equals(name)) continue;
            OnnxTensor output = new OnnxTensor(DATA);
            Object result = m.getParameterCount() == 2 ? m.invoke(null, new OrtEnvironment(), output)
                    : m.invoke(null, output);
            return result instanceof OnnxTensor t ? t.getValue() : result;
        }
        throw new AssertionError("no method " + name);
    }

    private static void assertSameValue(Object expected, Object actual) {
        if (expected instanceof Object[] e) {
            assertArrayEquals(e, (Object[]) actual);
        } else if (expected instanceof float[] e) {
            assertArrayEquals(e, (float[]) actual);
        } else {
            assertEquals(expected, actual);
        }
    }
}
