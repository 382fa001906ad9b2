package dev.autopool.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The pool on virtual threads, in a forked Temurin 25 JVM (these tests run on JDK 17, which has none): the
 * ownership stress with cross-thread releases and trimming racing, and the hit rate of a steady one-shape
 * workload with no thread-local state. Skipped when Temurin 25 is not installed.
 */
class VirtualThreadPoolTest {
    private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @Test
    void virtualThreadsNeverShareABufferHitNineInTenAndGetNoThreadLocals() throws Exception {
        assumeTrue(Files.isExecutable(JDK_25), "Temurin 25 is not installed at " + JDK_25);
        Path out = Files.createTempFile("vt-stress", ".out");
        Path err = Files.createTempFile("vt-stress", ".err");
        Process p = new ProcessBuilder(List.of(JDK_25.toString(), "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), VirtualThreadStress.class.getName()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean finished = p.waitFor(300, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String stdout = read(out);
        String stderr = read(err);
        assertTrue(finished, "the stress run must finish in 5 minutes");
        assertEquals(0, p.exitValue(), () -> stdout + stderr);
        assertTrue(stdout.contains("RESULT ownershipBorrows="), () -> stdout + stderr);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
