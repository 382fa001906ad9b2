package dev.autopool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole path once: a factory call in an ordinary app is served from the pool by the real agent jar. */
class WalkingSkeletonIT {
    private static final String[] FRAMES = {"frames", "--frames", "60", "--size", "128"};

    @Test
    void theAgentServesFactoryCallsFromThePoolWithIdenticalOutputAndFarLessAllocation() throws Exception {
        ChildRun plain = ChildJvm.create().runJar(Jars.sample(), 120, FRAMES);
        ChildRun pooled = ChildJvm.create().withAgent(Jars.agent(), "config=" + Jars.sampleConfig())
                .runJar(Jars.sample(), 120, FRAMES);

        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertEquals(plain.result().get("checksum"), pooled.result().get("checksum"), "outputs must be identical");
        Map<String, String> summary = pooled.summary();
        long hits = Long.parseLong(summary.get("hits"));
        assertTrue(hits >= 100, () -> "expected most of the 120 borrows to hit, got " + summary);
        // 60 frames x 2 buffers x 3x128x128 floats = 23.6 MB without pooling; with it, two buffers' worth.
        assertTrue(plain.number("allocMB") > 20, plain::toString);
        assertTrue(pooled.number("allocMB") < plain.number("allocMB") * 0.25,
                () -> "allocation should drop by far: without " + plain.result() + ", with " + pooled.result());
    }

    @Test
    void aMissingConfigFileCostsOneLineAndTheAppRunsUnpooled() throws Exception {
        ChildRun run = ChildJvm.create().withAgent(Jars.agent(), "config=/no/such/autopool.conf")
                .runJar(Jars.sample(), 120, FRAMES);

        assertEquals(0, run.exitCode(), run::toString);
        List<String> problems = run.lines("autopool CONFIG");
        assertEquals(1, problems.size(), run::toString);
        assertTrue(problems.get(0).contains("/no/such/autopool.conf"), problems::toString);
        assertTrue(run.result().containsKey("checksum"));
    }

    @Test
    void aBadLineNamesItsNumberAndOnlyThatRuleIsDropped() throws Exception {
        Path conf = Files.createTempFile("autopool", ".conf");
        Files.writeString(conf, String.join("\n",
                "# good factory, bad line, good release",
                "factory dev.autopool.sample.util.Matrices#float3d(int,int,int)",
                "factori dev.autopool.sample.util.Matrices#float2d(int,int)",
                "release dev.autopool.sample.util.Matrices#free(java.lang.Object)"));
        ChildRun run = ChildJvm.create().withAgent(Jars.agent(), "config=" + conf).runJar(Jars.sample(), 120, FRAMES);

        assertEquals(0, run.exitCode(), run::toString);
        List<String> problems = run.lines("autopool CONFIG");
        assertEquals(1, problems.size(), run::toString);
        assertTrue(problems.get(0).contains(conf + ":3:"), problems::toString);
        assertTrue(problems.get(0).contains("factori"), problems::toString);
        assertTrue(Long.parseLong(run.summary().get("hits")) > 0, run::toString);
    }
}
