package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13, item 1: every automatic release holds for the code the JVM actually runs. Each scenario of
 * {@code VerdictApp} runs with and without the agent (factory rule only, so only automatic release brings
 * buffers home) and must print the same result; a buffer that a callee kept and the pool lent again would show
 * as {@code corrupted>0} or a changed {@code kept=} value. Runs on the test JDK and on Temurin 25.
 */
class VerdictSoundnessIT {
    private static final String APP = "dev.autopool.it.fixtures.verdicts.VerdictApp";
    private static final String RULE = "factory dev.autopool.it.fixtures.verdicts.Mx#f3(int,int,int)";
    private static final String CAPTURING_AGENT = "dev.autopool.it.fixtures.verdicts.CapturingAgent";

    static Stream<Path> jdks() {
        return AgentRuns.jdks();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aChildFirstLoadersOwnCalleeThatKeepsItsArgumentIsNotReleasedUnder(Path jdk) throws Exception {
        Runs runs = runs(jdk, "child-first", false, false);
        assertEquals("0", runs.pooled.result().get("corrupted"), runs::toString);
        assertEquals("true", runs.pooled.result().get("pluginCallee"), runs::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aChildFirstLoaderWithAnotherHierarchyGetsNoVerifyError(Path jdk) throws Exception {
        Runs runs = runs(jdk, "hierarchy", false, false);
        assertFalse(runs.pooled.stderr().contains("VerifyError"), runs::toString);
        assertTrue(runs.pooled.summaryCount("releases") > 0, () -> "the borrow is released where it dies\n" + runs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aCalleeRetransformedByAnotherAgentAfterTheVerdictWithdrawsIt(Path jdk) throws Exception {
        Runs runs = runs(jdk, "retransformed", true, false);
        assertEquals("0", runs.pooled.result().get("corrupted"), runs::toString);
        assertTrue(runs.pooled.stderr().contains("autopool VERDICTS-WITHDRAWN"), runs::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aThreadParkedInTheCallerWhileTheCalleeIsRetransformedReleasesNothingOnExit(Path jdk) throws Exception {
        Runs runs = runs(jdk, "parked", true, false);
        assertEquals("4242.0", runs.pooled.result().get("kept"), runs::toString);
        assertTrue(runs.pooled.stderr().contains("autopool VERDICTS-WITHDRAWN"), runs::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anAgentAfterAutopoolThatRewritesACalleeAtDefinitionLeavesNoCalleeDependentVerdict(Path jdk)
            throws Exception {
        Runs runs = runs(jdk, "later-agent", false, true);
        assertEquals("0", runs.pooled.result().get("corrupted"), runs::toString);
        assertTrue(runs.pooled.stderr().contains("another agent comes after autopool"), runs::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anAgentAttachedAtRunTimeThatRewritesACalleeAtDefinitionLeavesNoCalleeDependentVerdict(Path jdk)
            throws Exception {
        Path capturing = capturingAgentJar(true);
        ChildJvm plain = AgentRuns.on(jdk).jvmArg("-Djdk.attach.allowAttachSelf=true");
        ChildJvm pooled = AgentRuns.on(jdk).jvmArg("-Djdk.attach.allowAttachSelf=true")
                .withAgent(AgentRuns.agentJar(), "config=" + AgentRuns.rules(RULE));
        Runs runs = new Runs(plain.runClass(AgentRuns.fixtureClasspath(), APP, 180, "attached", capturing.toString()),
                pooled.runClass(AgentRuns.fixtureClasspath(), APP, 180, "attached", capturing.toString()));
        assertEquals(0, runs.plain.exitCode(), runs::toString);
        assertEquals(0, runs.pooled.exitCode(), runs::toString);
        assertEquals(runs.plain.lines("RESULT "), runs.pooled.lines("RESULT "), runs::toString);
        assertEquals("0", runs.pooled.result().get("corrupted"), runs::toString);
        // The callee keeps its argument (the attached agent changed it), so a buffer released anyway would show.
        assertEquals("50.0", runs.pooled.result().get("kept"), runs::toString);
        List<String> said = runs.pooled.lines("autopool AGENT an agent starts after autopool");
        assertEquals(1, said.size(), runs::toString);
        assertTrue(said.get(0).contains("(" + CAPTURING_AGENT + ".agentmain)"), runs::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anAttachableAgentBeforeAutopoolCountsAsALaterOne(Path jdk) throws Exception {
        // Its entry class is defined already, so attaching it again would define nothing autopool could see.
        Path attachable = capturingAgentJar(true);
        ChildRun pooled = AgentRuns.on(jdk).jvmArg("-javaagent:" + attachable)
                .withAgent(AgentRuns.agentJar(), "config=" + AgentRuns.rules(RULE))
                .runClass(AgentRuns.fixtureClasspath(), APP, 180, "own");
        assertEquals(0, pooled.exitCode(), pooled::toString);
        List<String> said = pooled.lines("autopool AGENT another agent comes after autopool, or may start again");
        assertEquals(1, said.size(), pooled::toString);
        assertTrue(said.get(0).contains("its Agent-Class " + CAPTURING_AGENT + " is defined already"), pooled::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aHiddenClassOverridingACalleeFindsItsArgumentIntact(Path jdk) throws Exception {
        Runs runs = runs(jdk, "hidden", false, false);
        assertEquals("0", runs.pooled.result().get("corrupted"), runs::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void autopoolsOwnRetransformationsWithdrawNothing(Path jdk) throws Exception {
        Runs runs = runs(jdk, "own", true, false);
        assertFalse(runs.pooled.stderr().contains("VERDICTS-WITHDRAWN"), runs::toString);
        // scribble() (no callee) is released from the start; mark() only once the relinked Caller knows Callee:
        // more releases than scribble's borrows prove callee-dependent releases ran, with their guards intact.
        long scribbles = runs.pooled.count("ROUNDS", "scribbles");
        assertTrue(runs.pooled.summaryCount("releases") > scribbles, runs::toString);
    }

    /** One scenario without and with the agent; the results must be identical and both runs clean. */
    private static Runs runs(Path jdk, String mode, boolean capturingFirst, boolean capturingAfter)
            throws Exception {
        Path capturing = capturingAgentJar(false);
        ChildJvm plain = AgentRuns.on(jdk);
        ChildJvm pooled = AgentRuns.on(jdk);
        if (capturingFirst) {
            plain.jvmArg("-javaagent:" + capturing);
            pooled.jvmArg("-javaagent:" + capturing);
        }
        pooled.withAgent(AgentRuns.agentJar(), "config=" + AgentRuns.rules(RULE));
        if (capturingAfter) {
            String define = "-javaagent:" + capturing + "=define=dev.autopool.it.fixtures.verdicts.Callee";
            plain.jvmArg(define);
            pooled.jvmArg(define);
        }
        Runs runs = new Runs(plain.runClass(AgentRuns.fixtureClasspath(), APP, 180, mode),
                pooled.runClass(AgentRuns.fixtureClasspath(), APP, 180, mode));
        assertEquals(0, runs.plain.exitCode(), runs::toString);
        assertEquals(0, runs.pooled.exitCode(), runs::toString);
        assertEquals(runs.plain.lines("RESULT "), runs.pooled.lines("RESULT "), runs::toString);
        assertFalse(runs.pooled.stderr().contains("REWRITE-FAILED"), runs::toString);
        return runs;
    }

    private record Runs(ChildRun plain, ChildRun pooled) {
        @Override
        public String toString() {
            return "without the agent:\n" + plain + "\nwith the agent:\n" + pooled;
        }
    }

    /**
     * A jar whose manifest names {@code CapturingAgent} (on the class path) for the command line and for attaching,
     * and allows retransformation.
     */
    /** The capturing agent's jar: for the command line only, or also {@code attachable} at run time. */
    private static Path capturingAgentJar(boolean attachable) throws Exception {
        Path jar = Files.createTempFile("capturing-agent", ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", CAPTURING_AGENT);
        if (attachable) manifest.getMainAttributes().putValue("Agent-Class", CAPTURING_AGENT);
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            // the manifest is all: the agent class itself is on the class path
        }
        return jar;
    }
}
