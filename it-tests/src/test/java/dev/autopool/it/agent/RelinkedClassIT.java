package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildRun;
import dev.autopool.it.fixtures.relink.RelinkApp;
import dev.autopool.it.fixtures.relink.User;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A class autopool left as it was at its definition and retransforms later (a relink) must come back with the
 * bytes it was defined with. HotSpot keeps a class's original bytes only when a transformer able to retransform
 * returned some at its definition; otherwise a retransformation offers bytes rebuilt from the loaded class (another
 * constant-pool order), which read as a changed class: every verdict resting on its code was distrusted, and the
 * callers relinked with it pooled nothing.
 */
class RelinkedClassIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.autopool.it.agent.AgentRuns#jdks")
    void aClassLeftAsItWasIsRetransformedWithItsOwnBytes(Path jdk) throws Exception {
        String app = RelinkApp.class.getName();
        ChildRun plain = AgentRuns.on(jdk).runClass(AgentRuns.fixtureClasspath(), app, 60, "8192");
        Path conf = AgentRuns.rules("arrays " + RelinkApp.class.getPackageName() + ".* min-bytes=4k",
                "set leak=full quarantine=0");
        ChildRun pooled = AgentRuns.on(jdk).withAgent(AgentRuns.agentJar(), "config=" + conf)
                .runClass(AgentRuns.fixtureClasspath(), app, 60, "8192");

        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertEquals(plain.result().get("checksum"), pooled.result().get("checksum"), "outputs must be identical");
        assertEquals("true", pooled.result().get("pluginRelay"), pooled::toString);
        assertFalse(pooled.stderr().contains("VERDICTS-WITHDRAWN"), pooled::toString);
        // User.work's buffer is pooled once the relinked User knows Relay.peek keeps nothing.
        assertTrue(pooled.lines("autopool TOP-SITE").stream()
                .anyMatch(l -> l.contains("site=" + User.class.getName() + ".work(")), pooled::toString);
        Map<String, String> summary = pooled.summary();
        assertEquals(summary.get("borrows"), summary.get("releases"), pooled::toString);
        assertEquals("0", summary.get("leaks"), pooled::toString);
        assertEquals("0", summary.get("outstanding"), pooled::toString);
    }
}
