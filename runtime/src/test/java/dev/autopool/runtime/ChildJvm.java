package dev.autopool.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a class's {@code main} in a child JVM on this test's class path, for what only a fresh JVM shows. */
public final class ChildJvm {
    private ChildJvm() {}

    /**
     * Runs {@code main} with {@code jvmOptions}, its output (both streams) written to {@code log}; fails unless it
     * exits with 0 within 60 s. Returns the output.
     */
    public static String run(Path log, Class<?> main, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("the child JVM did not finish within 60 s: " + Files.readString(log));
        }
        String out = Files.readString(log);
        assertEquals(0, child.exitValue(), out);
        return out;
    }
}
