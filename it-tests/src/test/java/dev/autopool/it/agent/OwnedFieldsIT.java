package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 16, item 3: {@code owned} fields. A buffer in a private field of a class with no close method, read
 * through a getter by callers that use it locally, is pooled and goes home when its owner is collected (the pool
 * sees hits, supply paced by the GC); a class loaded later that keeps the getter's value stops the releases before
 * it runs; a Cloneable owner, a field that is not private, and a keeper seen before the owner keep the field plain
 * with one {@code autopool RULE} line each. Every run's output is identical to the run without the agent.
 */
class OwnedFieldsIT {
    private static final String PKG = "dev.autopool.it.fixtures.owned.";
    private static final String APP = PKG + "OwnedApp";
    /** A small heap, so young collections (which bring owned buffers home) come within the run on any machine. */
    private static final String HEAP = "-Xmx128m";
    /** Room for four of the big matrices at most: the app alone needs one at a time. */
    private static final String SMALL_HEAP = "-Xmx64m";
    private static final String[] RULES = {
            "owned " + PKG + "Img#px min-bytes=1k",
            "owned " + PKG + "CloneableImg#px min-bytes=1k",
            "owned " + PKG + "OpenImg#px min-bytes=1k",
            "owned " + PKG + "KeptImg#px min-bytes=1k",
            "set leak=full quarantine=0"};
    private static final String CLONEABLE = "autopool RULE %s:2: owned " + PKG + "CloneableImg#px: stays plain:"
            + " CloneableImg is Cloneable (Object.clone copies the field)";
    private static final String OPEN = "autopool RULE %s:3: owned " + PKG + "OpenImg#px: stays plain: field"
            + " OpenImg.px is not private, so other classes may read it unseen";
    private static final String KEPT = "autopool RULE %s:4: owned " + PKG + "KeptImg#px: stays plain:"
            + " EarlyKeeper.keep() at EarlyKeeper.java:10 keeps the value of KeptImg.pixels(): stored to static field"
            + " `EarlyKeeper.kept` at EarlyKeeper.java:10, in a class loaded before KeptImg";

    static Stream<Path> jdks() {
        return AgentRuns.jdks();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void localReadersGetPooledBuffersThatComeHomeWhenTheirOwnerIsCollected(Path jdk) throws Exception {
        Path conf = AgentRuns.rules(RULES);
        ChildRun plain = ChildJvm.create().jvmArg(HEAP).runClass(AgentRuns.fixtureClasspath(), APP, 180, "local", "3000");
        ChildRun pooled = AgentRuns.on(jdk).jvmArg(HEAP).withAgent(AgentRuns.agentJar(), "config=" + conf)
                .runClass(AgentRuns.fixtureClasspath(), APP, 180, "local", "3000");

        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertEquals(plain.result(), pooled.result(), pooled::toString);
        Map<String, String> summary = pooled.summary();
        long borrows = Long.parseLong(summary.get("borrows"));
        long hits = Long.parseLong(summary.get("hits"));
        assertTrue(borrows >= 3000, pooled::toString);
        assertTrue(hits > 0, () -> "owners collected give their buffers back\n" + pooled);
        assertEquals("0", summary.get("leaks"), pooled::toString);
        assertEquals("0", summary.get("doubleReturns"), pooled::toString);
        assertEquals(List.of(String.format(CLONEABLE, conf), String.format(OPEN, conf), String.format(KEPT, conf)),
                pooled.lines("autopool RULE").stream().sorted().toList(), pooled::toString);
        System.out.printf("owned Img#px: %d borrows, %d hits (%.0f %%)%n", borrows, hits, 100.0 * hits / borrows);
    }

    /**
     * The agent never costs the app memory it would get back without it: 16 MB owned matrices (4096 rows) in a
     * 64 MB heap, each owner dead at once. Holding a dead owner's buffer strongly until the Cleaner's thread runs
     * (its action, a map keyed by the array, or the ledger's rows record) made the third allocation fail with
     * OutOfMemoryError, where the app alone runs through.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void ownedBuffersOfDeadOwnersNeverRunTheAppOutOfMemory(Path jdk) throws Exception {
        Path conf = AgentRuns.rules(RULES);
        String[] args = {"local", "100", "1024", "4096"};
        ChildRun plain = ChildJvm.create().jvmArg(SMALL_HEAP).runClass(AgentRuns.fixtureClasspath(), APP, 180, args);
        ChildRun pooled = AgentRuns.on(jdk).jvmArg(SMALL_HEAP).withAgent(AgentRuns.agentJar(), "config=" + conf)
                .runClass(AgentRuns.fixtureClasspath(), APP, 180, args);

        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertEquals(plain.result(), pooled.result(), pooled::toString);
        Map<String, String> summary = pooled.summary();
        assertTrue(Long.parseLong(summary.get("borrows")) >= 100, pooled::toString);
        assertEquals("0", summary.get("leaks"), pooled::toString);
        assertEquals("0", summary.get("doubleReturns"), pooled::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aKeeperLoadedLaterStopsTheReleasesBeforeItRuns(Path jdk) throws Exception {
        Path conf = AgentRuns.rules(RULES);
        ChildRun plain = ChildJvm.create().jvmArg(HEAP).runClass(AgentRuns.fixtureClasspath(), APP, 180, "keeper", "2000");
        ChildRun pooled = AgentRuns.on(jdk).jvmArg(HEAP).withAgent(AgentRuns.agentJar(), "config=" + conf)
                .runClass(AgentRuns.fixtureClasspath(), APP, 180, "keeper", "2000");

        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertEquals("true", plain.result().get("keptIntact"), plain::toString);
        assertEquals(plain.result(), pooled.result(), pooled::toString);
        assertTrue(pooled.lines("autopool RULE").stream().anyMatch(l -> l.contains("owned " + PKG + "Img#px: no"
                + " buffer goes home from now on: LateKeeper.keep() at LateKeeper.java:")), pooled::toString);
        assertTrue(Long.parseLong(pooled.summary().get("hits")) > 0, () -> "buffers came home before\n" + pooled);
        assertEquals("0", pooled.summary().get("leaks"), pooled::toString);
    }

    @Test
    void auditListsEachOwnedRulesVerdict() throws Exception {
        Path conf = AgentRuns.rules(RULES);
        Path classes = Path.of(OwnedFieldsIT.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        ChildRun run = ChildJvm.create().runJar(AgentRuns.agentJar(), 120, "audit", "--config", conf.toString(),
                classes.resolve("dev/autopool/it/fixtures/owned").toString());

        assertEquals(0, run.exitCode(), run::toString);
        List<String> out = run.stdout().lines().toList();
        assertTrue(out.contains(String.format(CLONEABLE, conf)), run::toString);
        assertTrue(out.contains(String.format(OPEN, conf)), run::toString);
        assertTrue(out.stream().anyMatch(l -> l.startsWith(String.format("autopool RULE %s:1: owned %sImg#px: ", conf,
                PKG))), run::toString);
    }
}
