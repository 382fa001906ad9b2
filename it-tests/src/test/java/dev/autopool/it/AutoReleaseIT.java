package dev.autopool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Automatic release through the real agent jar: with factory rules and no release rule, the frames workload's
 * per-frame planes never leave {@code renderFrame}, so the agent brings them home by itself, and the answer stays
 * the same. With {@code set auto-release=off} nothing comes home.
 *
 * <p>Without a release rule the proof rests on the callee {@code Matrices.free}, which the app's loader links only
 * at the end of the first frame: until autopool has rewritten {@code FramesCli} again (off the app's thread, a few
 * frames later) its borrows are not proven and are left to the GC. Hence a longer run and "most", not "all".
 */
class AutoReleaseIT {
    private static final String[] FRAMES = {"frames", "--frames", "40", "--size", "64"};

    @Test
    void withoutAnyReleaseRuleProvablyLocalBorrowsComeHomeOnceTheirCalleeIsLinked() throws Exception {
        String[] frames = {"frames", "--frames", "1000", "--size", "64"};
        ChildRun plain = ChildJvm.create().runJar(Jars.sample(), 180, frames);
        ChildRun pooled = ChildJvm.create().withAgent(Jars.agent(), "config=" + factoriesOnly(""))
                .runJar(Jars.sample(), 180, frames);

        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertEquals(plain.result().get("checksum"), pooled.result().get("checksum"), "outputs must be identical");
        Map<String, String> summary = totals(pooled);
        assertEquals("2000", summary.get("borrows"), summary::toString);
        long releases = Long.parseLong(summary.get("releases"));
        assertTrue(releases >= 1000 && releases % 2 == 0, summary::toString); // both planes of a frame, or neither
        assertEquals("0", summary.get("doubleReturns"), summary::toString);
    }

    @Test
    void aBufferTheAppReleasesItselfIsNotReleasedASecondTime() throws Exception {
        ChildRun pooled = ChildJvm.create().withAgent(Jars.agent(), "config=" + Jars.sampleConfig())
                .runJar(Jars.sample(), 120, FRAMES);

        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertEquals("80", totals(pooled).get("borrows"), pooled::toString);
        assertEquals("80", totals(pooled).get("releases"), pooled::toString);
    }

    @Test
    void turnedOffNothingComesHome() throws Exception {
        ChildRun pooled = ChildJvm.create().withAgent(Jars.agent(), "config=" + factoriesOnly("set auto-release=off"))
                .runJar(Jars.sample(), 120, FRAMES);

        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertEquals("80", totals(pooled).get("borrows"), pooled::toString);
        assertEquals("0", totals(pooled).get("releases"), pooled::toString);
    }

    /** The totals line only: per-site lines ({@code autopool SUMMARY-SITE}) carry the same keys. */
    private static Map<String, String> totals(ChildRun run) {
        String line = run.lines("autopool SUMMARY ").stream().findFirst()
                .orElseThrow(() -> new AssertionError("no autopool SUMMARY line:\n" + run));
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String word : line.split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) fields.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return fields;
    }

    private static Path factoriesOnly(String extra) throws Exception {
        Path conf = Files.createTempFile("autopool-auto-release", ".conf");
        Files.writeString(conf, "factory dev.autopool.sample.util.Matrices#float3d(int,int,int)\n" + extra + "\n");
        return conf;
    }
}
