package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildRun;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code release} rule vouches for the body it names: a call that runs a subclass's override keeping the array
 * releases nothing (the next borrow would otherwise overwrite what the override kept), while calls that run the
 * named body still release. Same answers on every JDK installed here.
 */
class ReleaseOverridesIT {
    private static final String APP = AgentRuns.FIXTURES + "OverridesApp";

    static Stream<Path> jdks() {
        return AgentRuns.jdks();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aCallThatRunsAnOverrideReleasesNothing(Path jdk) throws Exception {
        Path conf = AgentRuns.rules("factory " + APP + "#make(int,int)",
                "release " + APP + "$Sink#give(float[][])",
                "set leak=sampled"); // no quarantine: a wrong release shows in the very next borrow
        ChildRun plain = AgentRuns.on(jdk).runClass(AgentRuns.fixtureClasspath(), APP, 120);
        ChildRun pooled = AgentRuns.on(jdk).withAgent(AgentRuns.agentJar(), "config=" + conf)
                .runClass(AgentRuns.fixtureClasspath(), APP, 120);

        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertEquals("0", plain.result().get("corrupted"), plain::toString);
        assertEquals("0", pooled.result().get("corrupted"), pooled::toString);
        // The plain sink's 100 calls go home through the rule (and each next buffer where it dies).
        assertTrue(pooled.summaryCount("releases") >= 100, pooled::toString);
    }
}
