package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Settings reach the runtime at premain, and agent arguments override the rules file's. */
class SettingsIT {

    @Test
    void theRuntimeReceivesTheSettingsWithAgentArgumentsOnTop() throws Exception {
        Path conf = AgentRuns.rules(AgentRuns.with(AgentRuns.matrixRules(),
                // (no quarantine: the probe checks that a released buffer is lent again at once)
                "set report.interval=from-the-file leak=full trim.idle=soon quarantine=0",
                "set leak=sometimes"));
        ChildRun run = AgentRuns.on(Path.of(System.getProperty("java.home")))
                .withAgent(AgentRuns.agentJar(), "config=" + conf + ",report.interval=from-the-arguments")
                .runClass(AgentRuns.fixtureClasspath(), AgentRuns.FIXTURES + "EarlyLoadedApp", 120);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("true", run.result().get("pooled"));
        // The agent checks the keys it knows (leak) itself; the pools and the tracker check their own tuning keys,
        // and the value the tracker saw is the agent argument's, not the file's.
        List<String> config = run.lines("autopool CONFIG");
        assertEquals(3, config.size(), run::toString);
        assertEquals("autopool CONFIG " + conf + ":4: setting leak: 'sometimes' is not one of [full, off, paranoid,"
                + " sampled]; the setting is ignored", config.get(0));
        // Every line names where the value was written, whichever part of autopool rejected it.
        assertTrue(config.get(1).startsWith("autopool CONFIG " + conf + ":3: setting trim.idle=soon: "),
                config::toString);
        assertEquals("autopool CONFIG agent arguments: setting report.interval=from-the-arguments: expected a whole"
                + " number from 0 to 2147483647", config.get(2));
    }
}
