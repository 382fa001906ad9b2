package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import dev.autopool.it.fixtures.sized.SizedBuffersApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Run-time-sized {@code new} under an {@code arrays} rule, through the real agent jar: buffers from min-bytes on
 * come from the pool and go home, smaller ones and small constant matrices stay plain, a site whose sizes never
 * repeat reverts to plain {@code new} after its 1,000-borrow trial and the summary says so, a double buffer whose
 * previous array is still read when the next is made stays plain (only its last array would come home); same
 * answers.
 */
class RunTimeSizedNewIT {
    private static final int ROUNDS = 1200;

    @Test
    void buffersSizedAtRunTimeArePooledFromMinBytesOnAndAScatteredSiteReverts() throws Exception {
        String app = SizedBuffersApp.class.getName();
        String cp = System.getProperty("java.class.path");
        ChildRun plain = ChildJvm.create().runClass(cp, app, 120, String.valueOf(ROUNDS));
        Path conf = Files.createTempFile("autopool-sized", ".conf");
        Files.writeString(conf, "arrays " + SizedBuffersApp.class.getPackageName() + ".* min-bytes=16k\n"
                + "set leak=full quarantine=0\n"); // counts hits: no quarantine holding buffers back
        ChildRun pooled = ChildJvm.create().withAgent(Path.of(System.getProperty("autopool.agentJar")),
                "config=" + conf).runClass(cp, app, 120, String.valueOf(ROUNDS));

        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertEquals(plain.result().get("checksum"), pooled.result().get("checksum"), "outputs must be identical");
        Map<String, String> summary = pooled.summary();
        // repeating: every round; scattered: its 1,000-borrow trial only; the big matrix: every round; the
        // stencil's steps never (its first buffer is pooled: nothing holds it when it runs again).
        long borrows = ROUNDS + 1000 + ROUNDS + ROUNDS;
        assertEquals(String.valueOf(borrows), summary.get("borrows"), pooled::toString);
        assertEquals(String.valueOf(borrows), summary.get("releases"), pooled::toString);
        assertEquals(String.valueOf(1000 + 3 + 1 + 1), summary.get("misses"), pooled::toString);
        assertEquals("0", summary.get("leaks"), pooled::toString);
        assertEquals("0", summary.get("foreignReturns"), pooled::toString);
        assertEquals("0", summary.get("outstanding"), pooled::toString);
        List<String> reverted = pooled.lines("autopool SIZED-PLAIN");
        assertTrue(reverted.stream().anyMatch(l -> l.contains(SizedBuffersApp.class.getName() + ".scattered(")
                && l.contains(" borrows=1000 hits=0 ")), pooled::toString);
        assertTrue(reverted.stream().noneMatch(l -> l.contains(".repeating(")), pooled::toString);
    }

    @Test
    void theRevertLineGoesWhereEveryAutopoolLineGoesAndLogOffSilencesIt() throws Exception {
        String app = SizedBuffersApp.class.getName();
        String cp = System.getProperty("java.class.path");
        Path conf = Files.createTempFile("autopool-sized-log", ".conf");
        Files.writeString(conf, "arrays " + SizedBuffersApp.class.getPackageName() + ".* min-bytes=16k\n");
        Path jar = Path.of(System.getProperty("autopool.agentJar"));
        ChildRun quiet = ChildJvm.create().withAgent(jar, "config=" + conf + ",log=off")
                .runClass(cp, app, 120, String.valueOf(ROUNDS));
        ChildRun told = ChildJvm.create().withAgent(jar, "config=" + conf)
                .runClass(cp, app, 120, String.valueOf(ROUNDS));

        assertEquals(0, quiet.exitCode(), quiet::toString);
        // Before, the revert line went straight to System.getLogger: it started the app's logging backend (here
        // java.util.logging, in its own format) and ignored log=off.
        assertTrue(quiet.stderr().lines().noneMatch(l -> l.contains("autopool ")), quiet::toString);
        assertTrue(told.stderr().lines().anyMatch(l -> l.startsWith("WARNING: autopool SIZED-PLAIN ")
                && l.contains(".scattered(")), told::toString);
        assertTrue(!told.stderr().contains("SizedSites"), told::toString);
    }
}
