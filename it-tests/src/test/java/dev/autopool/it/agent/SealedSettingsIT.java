package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runtime is on the bootstrap class path, so any app code can call its public API. Once the agent has applied
 * the operator's settings at premain, app code that tries to weaken them is refused with one line per attempt,
 * and the pool behaves as the operator configured it.
 */
class SealedSettingsIT {
    private static final String REFUSED = "refused:_the_runtime's_settings_are_sealed_once_applied";

    @Test
    void appCodeCannotSwitchOffLeakDetectionAdoptForeignArraysShrinkTheBudgetOrSkipZeroing() throws Exception {
        Path conf = AgentRuns.rules(AgentRuns.matrixRules().toArray(String[]::new));
        ChildRun run = AgentRuns.on(Path.of(System.getProperty("java.home")))
                .withAgent(AgentRuns.agentJar(), "config=" + conf + ",leak=full,quarantine=0,trim.idle=200ms")
                .runClass(AgentRuns.fixtureClasspath(), AgentRuns.FIXTURES + "SettingsTamperingApp", 120);

        assertEquals(0, run.exitCode(), run::toString);
        Map<String, String> result = run.result();
        assertEquals(REFUSED, result.get("configure"), run::toString);
        assertEquals(REFUSED, result.get("apply"), run::toString);
        assertEquals("read-only", result.get("jmx"), run::toString);
        assertEquals("false", result.get("registrar"), "the agent claimed the zero=false registrar at premain");
        assertEquals("false", result.get("recycler"), "the pools' quarantine recycler stays");
        assertEquals("false", result.get("plantedLent"), "foreign=adopt was refused: a kept array is never lent");
        assertEquals("true", result.get("bigPooled"), "budget=1k was refused");
        assertEquals("0.0", result.get("peeked"), "zero=false was refused: the app's site sees zeros");
        assertEquals("true", result.get("leakReported"), "leak=off was refused: the dropped buffer is reported");
        assertTrue(result.get("settings").startsWith("leak=full,"), run::toString);
        assertTrue(result.get("settings").contains(",foreign=ignore,"), run::toString);

        List<String> refused = run.lines("autopool CONFIG refused");
        assertEquals(3, refused.size(), run::toString);
        String caller = " from " + AgentRuns.FIXTURES + "SettingsTamperingApp.main(SettingsTamperingApp.java:";
        assertTrue(refused.get(0).startsWith("autopool CONFIG refused Autopool.configure "), refused::toString);
        assertTrue(refused.get(0).contains("leak=off") && refused.get(0).contains("foreign=adopt")
                && refused.get(0).contains("budget=1k") && refused.get(0).contains(caller), refused::toString);
        assertTrue(refused.get(1).startsWith("autopool CONFIG refused TrackingSettings.apply "), refused::toString);
        assertTrue(refused.get(2).startsWith("autopool CONFIG refused Sites.register zero=false for "
                + AgentRuns.FIXTURES + "SettingsTamperingApp.peek" + caller), refused::toString);
        assertTrue(run.lines("autopool LEAK").size() >= 1, run::toString);
        assertEquals(1, run.lines("autopool FOREIGN-RETURN").size(), run::toString);
    }

    @Test
    void theAgentSealsTheDefaultsTooWhenGivenNoSetting() throws Exception {
        Path conf = AgentRuns.rules(AgentRuns.matrixRules().toArray(String[]::new));
        ChildRun run = AgentRuns.on(Path.of(System.getProperty("java.home")))
                .withAgent(AgentRuns.agentJar(), "config=" + conf)
                .runClass(AgentRuns.fixtureClasspath(), AgentRuns.FIXTURES + "SettingsTamperingApp", 120);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(REFUSED, run.result().get("configure"), run::toString);
        assertEquals(REFUSED, run.result().get("apply"), run::toString);
        assertEquals("false", run.result().get("plantedLent"), run::toString);
        assertEquals("0.0", run.result().get("peeked"), run::toString);
        assertTrue(run.result().get("settings").startsWith("leak=sampled,"), run::toString);
        assertTrue(run.result().get("settings").contains(",foreign=ignore,"), run::toString);
        assertEquals(3, run.lines("autopool CONFIG refused").size(), run::toString);
    }
}
