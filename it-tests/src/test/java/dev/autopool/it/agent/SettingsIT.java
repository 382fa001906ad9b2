package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        // Every key is checked once, with the runtime's grammar, and every bad value costs one line in one format
        // at the place it was written; the file's bad report.interval is reported although the argument overrides it.
        List<String> config = run.lines("autopool CONFIG");
        assertEquals(List.of(
                "autopool CONFIG " + conf + ":3: setting report.interval=from-the-file: expected a duration such as"
                        + " 500ms, 30s, 5m or off; the setting is ignored",
                "autopool CONFIG " + conf + ":3: setting trim.idle=soon: expected a duration such as 500ms, 30s, 5m or"
                        + " off; the setting is ignored",
                "autopool CONFIG " + conf + ":4: setting leak=sometimes: expected off, sampled, full or paranoid; the"
                        + " setting is ignored",
                "autopool CONFIG agent arguments: setting report.interval=from-the-arguments: expected a"
                        + " duration such as 500ms, 30s, 5m or off; the setting is ignored"), config, run::toString);
    }
}
