package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildRun;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Idle pooled buffers never cost the app an {@link OutOfMemoryError} it would not have had: an app near its
 * {@code -Xmx} fills the pool (budget set above what the heap has free afterwards), then builds a plain object
 * graph that fits without the agent. With the agent it must still finish, print the same and report no leak:
 * the pool gives its idle buffers up to the GC under memory pressure. On the test JDK and Temurin 25.
 */
class MemoryPressureIT {
    private static final String APP = AgentRuns.FIXTURES + "MemoryPressureApp";

    static Stream<Path> jdks() {
        return AgentRuns.jdks();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void idleBuffersAreGivenUpBeforeTheAppRunsOutOfMemory(Path jdk) throws Exception {
        Path conf = AgentRuns.rules(AgentRuns.with(AgentRuns.matrixRules(),
                "factory " + APP + "#floats(int)",
                "factory " + APP + "#ints(int)",
                "release " + APP + "#free(java.lang.Object)",
                "set budget=48m shape.max=48m leak=full quarantine=0")); // every loan watched, none held back
        ChildRun plain = AgentRuns.on(jdk).jvmArg("-Xmx64m")
                .runClass(AgentRuns.fixtureClasspath(), APP, 180);
        ChildRun pooled = AgentRuns.on(jdk).jvmArg("-Xmx64m").withAgent(AgentRuns.agentJar(), "config=" + conf)
                .runClass(AgentRuns.fixtureClasspath(), APP, 180);

        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals("false", plain.result().get("oom"), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertEquals(appOutput(plain), appOutput(pooled), pooled::toString);
        assertEquals(List.of(), pooled.lines("autopool LEAK"), pooled::toString);
        assertEquals(0, pooled.leaksFound(), pooled::toString);
        // The buffers were pooled (recycled in rounds 2 and 3), and the pool gave idle ones up under pressure.
        assertTrue(pooled.summaryCount("hits") > 0, pooled::toString);
        assertTrue(pooled.summaryCount("pressureDrops") > 0, pooled::toString);
    }

    /** What the app printed, without the agent's own lines. */
    private static List<String> appOutput(ChildRun run) {
        return run.stdout().lines().filter(l -> !l.contains("autopool")).collect(Collectors.toList());
    }
}
