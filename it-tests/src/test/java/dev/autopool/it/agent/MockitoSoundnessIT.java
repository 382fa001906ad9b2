package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildRun;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13, item 1, as a test suite meets it: Mockito's inline mock maker (a final class mocked, a static method
 * mocked) retransforms a callee autopool had proven harmless, after the verdict. What the captor and the answer
 * read must be what the app wrote (42 and -42), exactly as without the agent. On the test JDK and Temurin 25
 * (where Mockito's ByteBuddy needs its experimental switch for the newer class-file version).
 */
class MockitoSoundnessIT {
    private static final String APP = "dev.autopool.it.fixtures.verdicts.MockitoApp";
    private static final String RULE = "factory dev.autopool.it.fixtures.verdicts.Mx#f3(int,int,int)";
    private static final String EXPERIMENTAL = "-Dnet.bytebuddy.experimental=true";

    static Stream<Path> jdks() {
        return AgentRuns.jdks();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aMockOfACalleeAfterTheVerdictReadsWhatTheAppWrote(Path jdk) throws Exception {
        ChildRun plain = AgentRuns.on(jdk).jvmArg(EXPERIMENTAL).runClass(AgentRuns.fixtureClasspath(), APP, 180);
        ChildRun pooled = AgentRuns.on(jdk).jvmArg(EXPERIMENTAL)
                .withAgent(AgentRuns.agentJar(), "config=" + AgentRuns.rules(RULE))
                .runClass(AgentRuns.fixtureClasspath(), APP, 180);

        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertEquals("42.0", plain.result().get("captured"), plain::toString);
        assertEquals("-42.0", plain.result().get("answered"), plain::toString);
        assertEquals(plain.result(), pooled.result(), pooled::toString);
        assertTrue(pooled.stderr().contains("autopool VERDICTS-WITHDRAWN"), pooled::toString);
    }
}
