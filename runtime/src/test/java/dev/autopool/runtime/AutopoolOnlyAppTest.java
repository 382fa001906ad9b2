package dev.autopool.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app that never touches {@code Pools} gets the same runtime as rewritten code: the exit summary, and at
 * {@code paranoid} its quarantined buffers back in the pool. Each runs in a fresh JVM, since which entry point
 * comes first is the point.
 */
class AutopoolOnlyAppTest {
    @TempDir
    Path dir;

    @Test
    void anAppThatUsesOnlyTheAutopoolApiGetsTheSummaryAndItsQuarantinedBuffersBack() throws Exception {
        List<String> out = run(AutopoolOnlyApp.class);

        String app = only(out, "app ");
        // Three misses fill the quarantine of two and push the first buffer out; the other seven rounds reuse.
        assertTrue(app.contains(" hits=7 "), "buffers leaving the quarantine went back to the pool: " + app);
        String summary = only(out, "autopool SUMMARY ");
        assertTrue(summary.startsWith("autopool SUMMARY borrows=" + AutopoolOnlyApp.ROUNDS + " hits=7 "), summary);
        assertTrue(summary.contains(" leak=paranoid "), summary);
    }

    @Test
    void configuringTheRuntimeAloneWiresNothingAndPrintsNoCounters() throws Exception {
        List<String> out = run(AutopoolOnlyApp.ConfiguresOnly.class);

        only(out, "app configured");
        assertTrue(out.stream().noneMatch(l -> l.startsWith("autopool SUMMARY")), out::toString);
    }

    private List<String> run(Class<?> main) throws Exception {
        return ChildJvm.run(dir.resolve("child.log"), main).lines().toList();
    }

    private static String only(List<String> lines, String prefix) {
        List<String> found = lines.stream().filter(l -> l.startsWith(prefix)).toList();
        assertEquals(1, found.size(), "one line starting " + prefix + " in " + lines);
        return found.get(0);
    }
}
