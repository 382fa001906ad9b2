package dev.autopool.it.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import dev.autopool.it.fixtures.onnx.TensorRoundTrips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in ONNX rule, end to end in child JVMs with real ONNX Runtime sessions, on the managed ONNX Runtime
 * and on the oldest supported one: same answers for every overload and element type, buffers back on every way of
 * closing, leaks reported with their site, and no buffer reused while a tensor or a view of it is open.
 */
class OnnxTensorPoolingIT {
    private static final String APP = TensorRoundTrips.class.getName();

    /**
     * The managed ONNX Runtime (root pom), 1.20 (where {@code getValue()} moved to Java) and the oldest supported
     * one (both copied into target/ort by the build).
     */
    static Stream<String> ortVersions() {
        return Stream.of("managed", "1.20", "oldest");
    }

    @ParameterizedTest(name = "ONNX Runtime {0}")
    @MethodSource("ortVersions")
    void everyOverloadAndElementTypeGivesTheSameTensorsAndOutputsWithAndWithoutTheAgent(String ort) throws Exception {
        ChildRun plain = run(ort, null, "overloads", "3");
        ChildRun pooled = run(ort, "", "overloads", "3");

        List<String> cases = cases(plain);
        assertTrue(cases.stream().filter(l -> l.contains(" out=")).count() >= 3 * 30, plain::toString);
        assertEquals(cases, cases(pooled), "every tensor and every model output must be identical");
        Map<String, Long> metrics = metrics(pooled);
        assertTrue(metrics.get("created") >= 3 * 30, metrics::toString);
        assertTrue(metrics.get("reused") >= 2 * 30, () -> "rounds after the first should reuse buffers: " + metrics);
        assertEquals(0, metrics.get("open"), metrics::toString);
        assertEquals("none", plain.stdout().lines().filter(l -> l.startsWith("METRICS")).findFirst().orElseThrow()
                .substring("METRICS ".length()));
    }

    @ParameterizedTest(name = "ONNX Runtime {0}")
    @MethodSource("ortVersions")
    void closingThroughEveryPathHandsTheBufferBack(String ort) throws Exception {
        ChildRun pooled = run(ort, "", "close-paths", "5");

        Map<String, Long> metrics = metrics(pooled);
        // Per round: close(), try-with-resources as OnnxTensor, OnnxValue and AutoCloseable, a run's input, a
        // double close: 6 tensors, all closed, all but the very first served from the pool.
        assertEquals(30, metrics.get("created"), pooled::toString);
        assertEquals(29, metrics.get("reused"), pooled::toString);
        assertEquals(0, metrics.get("open"), pooled::toString);
        assertEquals(0, metrics.get("leaks"), pooled::toString);
    }

    @ParameterizedTest(name = "ONNX Runtime {0}")
    @MethodSource("ortVersions")
    void aTensorCollectedWithoutCloseIsReportedAsALeakNamingItsSiteAndSize(String ort) throws Exception {
        ChildRun pooled = run(ort, "", "leak", "3");

        assertEquals("3", pooled.result().get("seenLeaks"), pooled::toString);
        assertEquals("3", pooled.result().get("jfrLeakEvents"), pooled::toString);
        List<String> leaks = pooled.lines("autopool LEAK");
        assertEquals(1, leaks.size(), () -> "one line per site, the rest counted: " + pooled);
        assertTrue(leaks.get(0).contains("float[16][16] (1024 bytes)"), leaks::toString);
        assertTrue(leaks.get(0).contains(APP + ".leakOne(TensorRoundTrips.java:"), leaks::toString);
        assertTrue(pooled.lines("autopool ONNX ").get(0).contains(" leaks=3 "), pooled::toString);
        assertTrue(pooled.lines("autopool SUMMARY ").get(0).contains(" leaks=3 leakedBytes=3072 "),
                () -> "tensor leaks count in the one shutdown summary: " + pooled);
    }

    @ParameterizedTest(name = "ONNX Runtime {0}")
    @MethodSource("ortVersions")
    void noBufferIsReusedWhileItsTensorOrAViewOfItIsOpen(String ort) throws Exception {
        ChildRun plain = run(ort, null, "safety");
        ChildRun pooled = run(ort, "", "safety");

        List<String> checks = cases(pooled);
        assertTrue(checks.size() >= 8, pooled::toString);
        checks.stream().filter(l -> l.endsWith(": true") || l.endsWith(": false"))
                .forEach(l -> assertTrue(l.endsWith(": true"), () -> l + "\n" + pooled));
        assertEquals(cases(plain), checks, "use after close must get ONNX Runtime's own errors");
        assertTrue(metrics(pooled).get("reused") > 0, pooled::toString);
    }

    @ParameterizedTest(name = "ONNX Runtime {0}")
    @MethodSource("ortVersions")
    void threadsSharingThePoolEachSeeOnlyTheirOwnData(String ort) throws Exception {
        ChildRun pooled = run(ort, "", "threads", "4");

        assertEquals("1200", pooled.result().get("checked"), pooled::toString);
        assertEquals("0", pooled.result().get("wrong"), pooled::toString);
        Map<String, Long> metrics = metrics(pooled);
        assertEquals(1200, metrics.get("created"), pooled::toString);
        assertEquals(1200, metrics.get("proxyCreated"), "a typed JMX proxy reads the bean: " + pooled);
        assertEquals(1200, metrics.get("rowsCreated"), "the proxy rebuilt every shape row: " + pooled);
        assertTrue(metrics.get("rows") >= 1, pooled::toString);
        assertTrue(metrics.get("reused") >= 1100, pooled::toString);
        assertEquals(0, metrics.get("open"), pooled::toString);
    }

    @ParameterizedTest(name = "ONNX Runtime {0}")
    @MethodSource("ortVersions")
    void onnxOffLeavesEveryCallAsItWas(String ort) throws Exception {
        ChildRun plain = run(ort, null, "overloads", "1");
        ChildRun off = run(ort, "onnx off", "overloads", "1");

        assertEquals(cases(plain), cases(off));
        assertTrue(off.stdout().contains("METRICS none"), off::toString);
        assertEquals(List.of(), off.lines("autopool ONNX"), off::toString);
        assertEquals(List.of(), off.lines("autopool CONFIG"), off::toString);
    }

    /** Runs the fixture app without the agent (rules == null) or with it and a rules file holding {@code rules}. */
    static ChildRun run(String ort, String rules, String... args) throws IOException, InterruptedException {
        ChildJvm jvm = ChildJvm.create();
        if (rules != null) {
            Path conf = Files.createTempFile("autopool-onnx", ".conf");
            Files.writeString(conf, "# only the built-in ONNX rule\n" + rules + "\n");
            jvm.withAgent(Path.of(property("autopool.agentJar")), "config=" + conf);
        }
        ChildRun run = jvm.runClass(classPath(ort), APP, 180, args);
        assertEquals(0, run.exitCode(), run::toString);
        return run;
    }

    static String classPath(String ort) {
        return OnnxOutputsIT.classPath(ort);
    }

    static List<String> cases(ChildRun run) {
        return run.stdout().lines().filter(l -> l.startsWith("CASE ")).collect(Collectors.toList());
    }

    static Map<String, Long> metrics(ChildRun run) {
        String line = run.stdout().lines().filter(l -> l.startsWith("METRICS ")).findFirst()
                .orElseThrow(() -> new AssertionError("no METRICS line\n" + run));
        Map<String, Long> fields = new LinkedHashMap<>();
        for (String word : line.substring("METRICS ".length()).split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq < 0) throw new AssertionError("the agent registered no metrics: " + run);
            fields.put(word.substring(0, eq), Long.parseLong(word.substring(eq + 1)));
        }
        return fields;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) throw new IllegalStateException("-D" + name + " is not set; run the tests through Maven");
        return value;
    }
}
