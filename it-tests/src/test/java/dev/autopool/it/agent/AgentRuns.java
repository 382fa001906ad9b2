package dev.autopool.it.agent;

import dev.autopool.it.ChildJvm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/** What the agent's forked-JVM tests share: the real agent jar, the fixture class path, rules files, JDKs. */
final class AgentRuns {
    static final String FIXTURES = "dev.autopool.it.fixtures.agent.";
    static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private AgentRuns() {}

    static Path agentJar() {
        Path jar = Path.of(System.getProperty("autopool.agentJar", "missing"));
        if (!Files.exists(jar)) throw new IllegalStateException("-Dautopool.agentJar is not set; run through Maven");
        return jar;
    }

    /**
     * The test class path without the agent's and the runtime's own classes, so the fixture apps see autopool
     * only the way a real app does: through {@code -javaagent}.
     */
    static String fixtureClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("/agent/target/") && !e.contains("/runtime/target/")
                        && !e.contains("autopool-agent") && !e.contains("autopool-runtime"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** A rules file with these lines. */
    static Path rules(String... lines) throws IOException {
        Path file = Files.createTempFile("autopool-it", ".conf");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    /** The rules for {@code FixtureMatrices}: its factory and release. */
    static List<String> matrixRules() {
        return List.of("factory " + FIXTURES + "FixtureMatrices#float3d(int,int,int)",
                "release " + FIXTURES + "FixtureMatrices#free(java.lang.Object)");
    }

    static String[] with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** A fresh directory for the agent's {@code dump=} setting. */
    static Path dumpDirectory() throws IOException {
        return Files.createTempDirectory("autopool-dump");
    }

    /** Every class file the agent dumped passes ASM's CheckClassAdapter, and {@code expected} is among them. */
    static void assertEveryDumpedClassPassesCheckClassAdapter(Path dump, String expected) throws IOException {
        List<Path> classes;
        try (Stream<Path> files = Files.walk(dump)) {
            classes = files.filter(f -> f.toString().endsWith(".class")).toList();
        }
        assertTrue(classes.stream().anyMatch(f -> f.endsWith(expected)), () -> "dumped: " + classes);
        for (Path c : classes) {
            StringWriter problems = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(Files.readAllBytes(c)), AgentRuns.class.getClassLoader(),
                    false, new PrintWriter(problems));
            assertEquals("", problems.toString(), c::toString);
        }
    }

    /** The JDK running the tests and, when installed, Temurin 25. */
    static Stream<Path> jdks() {
        Stream<Path> current = Stream.of(Path.of(System.getProperty("java.home")));
        return Files.isExecutable(JDK_25.resolve("bin/java")) ? Stream.concat(current, Stream.of(JDK_25)) : current;
    }

    static ChildJvm on(Path jdk) {
        return ChildJvm.onJdk(jdk);
    }
}
