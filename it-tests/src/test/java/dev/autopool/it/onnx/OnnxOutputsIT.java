package dev.autopool.it.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import dev.autopool.it.fixtures.onnx.OutputReads;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX outputs from the pool, end to end in child JVMs with real ONNX Runtime sessions on the managed ONNX Runtime,
 * on 1.20 and on the oldest supported one (1.17.3 fills arrays natively, 1.20+ in Java): every value read through
 * {@code OnnxValue} or {@code OnnxTensor} is bit-identical with and without the agent, supported tensors read
 * where the result dies come from the pool and go home, everything else takes the original path, and a result
 * kept past its method stays plain.
 */
class OnnxOutputsIT {
    private static final String APP = OutputReads.class.getName();
    private static final int ROUNDS = 6;

    static Stream<String> ortVersions() {
        return Stream.of("managed", "1.20", "oldest");
    }

    @ParameterizedTest(name = "ONNX Runtime {0}")
    @MethodSource("ortVersions")
    void outputsAreIdenticalAndSupportedOnesComeFromThePoolAndGoHome(String ort) throws Exception {
        ChildRun plain = run(ort, false);
        ChildRun pooled = run(ort, true);

        List<String> cases = cases(plain);
        assertTrue(cases.size() > ROUNDS * 36, plain::toString);
        assertEquals(cases, cases(pooled), "every value read, and every value kept, must be identical");
        assertTrue(cases.stream().anyMatch(l -> l.startsWith("CASE iface type=fp16") && l.contains("float3")),
                plain::toString);

        Map<String, Long> count = words(pooled, "COUNT ");
        Map<String, Long> outputs = words(pooled, "autopool ONNX-OUTPUTS ");
        // Only the sites whose result dies in the method are rewritten: the kept reads never reach the runtime.
        assertEquals(count.get("local"), outputs.get("values"), pooled::toString);
        assertEquals(count.get("supported"), outputs.get("pooled"), () -> "FLOAT/DOUBLE/INT32/INT64 are pooled, "
                + "FLOAT16, INT8 and strings take the original path: " + pooled);
        assertEquals(3L * ROUNDS, outputs.get("plain"), pooled::toString);
        // Three run-time lengths: one pool shape per length and rank, each hit once its first buffer came home.
        assertEquals(outputs.get("shapes"), outputs.get("pooled") - outputs.get("hits"), pooled::toString);
        assertTrue(outputs.get("hits") > outputs.get("pooled") * 3 / 4, pooled::toString);
        assertTrue(pooled.lines("autopool ONNX-OUTPUT-SHAPE float[1][").size() > 0, pooled::toString);

        Map<String, String> summary = pooled.summary();
        assertEquals("0", summary.get("leaks"), pooled::toString);
        assertEquals("0", summary.get("doubleReturns"), pooled::toString);
        assertEquals("0", summary.get("foreignReturns"), () -> "original-path arrays are taken back quietly: " + pooled);
        assertEquals("0", summary.get("outstanding"), pooled::toString);
        assertEquals(List.of(), pooled.lines("autopool ONNX-FAILED"), pooled::toString);
    }

    @Test
    void auditListsTheReadsThatDieWhereTheyAreReadAndNotTheKeptOne() throws Exception {
        Path conf = Files.createTempFile("autopool-onnx-audit", ".conf");
        Files.writeString(conf, "# only the built-in ONNX rule\n");
        Path classes = Path.of(OutputReads.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path dir = Files.createTempDirectory("autopool-onnx-audit");
        Path target = dir.resolve(APP.replace('.', '/') + ".class");
        Files.createDirectories(target.getParent());
        Files.copy(classes.resolve(APP.replace('.', '/') + ".class"), target);

        ChildRun run = ChildJvm.create().runJar(Path.of(property("autopool.agentJar")), 120, "audit", "--config",
                conf.toString(), dir.toString());

        assertEquals(0, run.exitCode(), run::toString);
        List<String> sites = run.stdout().lines().filter(l -> l.contains("borrow onnx output")).toList();
        for (String method : List.of("viaInterface", "viaTensor", "stringCount", "decoderLoop")) {
            assertTrue(sites.stream().anyMatch(l -> l.contains(APP + "." + method + "(")
                    && l.endsWith("[released where it dies: at every exit and before it is borrowed again]")),
                    () -> method + "\n" + run);
        }
        assertTrue(sites.stream().noneMatch(l -> l.contains(".keep(")), () -> "a kept result stays plain: " + run);
    }

    private static ChildRun run(String ort, boolean agent) throws IOException, InterruptedException {
        ChildJvm jvm = ChildJvm.create();
        if (agent) {
            Path conf = Files.createTempFile("autopool-onnx-out", ".conf");
            Files.writeString(conf, "# only the built-in ONNX rule\nset leak=full quarantine=0\n");
            jvm.withAgent(Path.of(property("autopool.agentJar")), "config=" + conf);
        }
        ChildRun run = jvm.runClass(classPath(ort), APP, 180, "reads", String.valueOf(ROUNDS));
        assertEquals(0, run.exitCode(), run::toString);
        return run;
    }

    /** The test class path with the ONNX Runtime jar swapped for the one named. */
    static String classPath(String ort) {
        String cp = System.getProperty("java.class.path");
        if (ort.equals("managed")) return cp;
        String jar = property(ort.equals("oldest") ? "autopool.ortOldestJar" : "autopool.ortMiddleJar");
        assertTrue(Files.exists(Path.of(jar)), jar);
        List<String> entries = Arrays.stream(cp.split(File.pathSeparator))
                .map(e -> Path.of(e).getFileName().toString().matches("onnxruntime-[0-9.]+\\.jar") ? jar : e)
                .collect(Collectors.toList());
        assertTrue(entries.contains(jar), () -> "no onnxruntime jar on the test class path: " + cp);
        return String.join(File.pathSeparator, entries);
    }

    private static List<String> cases(ChildRun run) {
        return run.stdout().lines().filter(l -> l.startsWith("CASE ")).collect(Collectors.toList());
    }

    private static Map<String, Long> words(ChildRun run, String tag) {
        String line = (run.stdout() + "\n" + run.stderr()).lines().filter(l -> l.startsWith(tag)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + tag + "line\n" + run));
        Map<String, Long> fields = new LinkedHashMap<>();
        for (String word : line.substring(tag.length()).split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0 && word.substring(eq + 1).matches("[0-9]+")) {
                fields.put(word.substring(0, eq), Long.parseLong(word.substring(eq + 1)));
            }
        }
        return fields;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) throw new IllegalStateException("-D" + name + " is not set; run the tests through Maven");
        return value;
    }
}
