package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A caller defined before its loader can find the factory's class stays plain (no body was checked), and is
 * retransformed, off the app's thread, once the factory's class has been defined and checked: its later
 * invocations are pooled.
 */
class LateFactoryIT {
    private static final String PKG = AgentRuns.FIXTURES + "late.";

    @Test
    void aCallerDefinedBeforeItsFactoryIsPooledOnceTheFactoryIsDefinedAndChecked() throws Exception {
        Path conf = AgentRuns.rules("factory " + PKG + "LateFactory#make(int)",
                "release " + PKG + "LateFactory#free(java.lang.Object)");
        ChildRun plain = ChildJvm.create().runClass(AgentRuns.fixtureClasspath(), PKG + "LateFactoryApp", 120);
        ChildRun pooled = ChildJvm.create().withAgent(AgentRuns.agentJar(), "config=" + conf)
                .runClass(AgentRuns.fixtureClasspath(), PKG + "LateFactoryApp", 120);

        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertEquals(Map.of("firstPooled", "false", "laterPooled", "false"), plain.result(), plain::toString);
        assertEquals(Map.of("firstPooled", "false", "laterPooled", "true"), pooled.result(), pooled::toString);
        assertEquals(List.of(), pooled.lines("autopool RULE"), pooled::toString);
        assertEquals(List.of(), pooled.lines("autopool REWRITE-FAILED"), pooled::toString);
    }
}
