package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whatever the agent cannot do costs a log line and that rule, class or method, never the app. */
class NeverBreaksTheAppIT {

    @Test
    void aClassTheAgentCannotReadAndAMethodNear64KiBRunAsTheyWereWithOneLineEach() throws Exception {
        Path conf = AgentRuns.rules(AgentRuns.matrixRules().toArray(String[]::new));
        Path dump = AgentRuns.dumpDirectory();
        ChildRun run = AgentRuns.on(Path.of(System.getProperty("java.home")))
                .withAgent(AgentRuns.agentJar(), "config=" + conf + ",dump=" + dump)
                .runClass(AgentRuns.fixtureClasspath(), AgentRuns.FIXTURES + "OddClassesApp", 120);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("true", run.result().get("ran"));
        List<String> failed = run.lines("autopool REWRITE-FAILED");
        assertEquals(1, failed.size(), run::toString);
        assertTrue(failed.get(0).startsWith("autopool REWRITE-FAILED gen.Old is left unchanged: "), failed::toString);
        assertEquals(List.of("autopool REWRITE-SKIPPED gen.Big.big()V is left as it was: rewritten, its code would"
                + " pass the JVM's 64 KiB limit"), run.lines("autopool REWRITE-SKIPPED"), run::toString);
        assertEquals("true", run.result().get("smallPooled"), "the rest of gen.Big is rewritten");
        AgentRuns.assertEveryDumpedClassPassesCheckClassAdapter(dump, "gen/Big.class");
    }

    @Test
    void brokenRulesCostTheirOwnLinesAndRulesThatMatchNothingAreReportedAtExit() throws Exception {
        Path conf = AgentRuns.rules(AgentRuns.with(AgentRuns.matrixRules(),
                "factory " + AgentRuns.FIXTURES + "FixtureMatrices#float3d(int,int", // line 3: malformed
                "factory com.acme.NeverLoaded#make(int,int)",                        // line 4: class never loads
                "release " + AgentRuns.FIXTURES + "FixtureMatrices#discard(float[][][])")); // 5: no such method
        ChildRun run = AgentRuns.on(Path.of(System.getProperty("java.home")))
                .withAgent(AgentRuns.agentJar(), "config=" + conf)
                .runClass(AgentRuns.fixtureClasspath(), AgentRuns.FIXTURES + "EarlyLoadedApp", 120);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("true", run.result().get("pooled"), "the good rules still apply");
        List<String> config = run.lines("autopool CONFIG");
        assertEquals(1, config.size(), run::toString);
        assertTrue(config.get(0).startsWith("autopool CONFIG " + conf + ":3: "), config::toString);
        assertEquals(List.of("autopool RULE " + conf + ":5: release " + AgentRuns.FIXTURES
                + "FixtureMatrices#discard(float[][][]): " + AgentRuns.FIXTURES + "FixtureMatrices has no method"
                + " discard(float[][][]); check the name and the parameter types"), run.lines("autopool RULE"));
        List<String> unmatched = run.lines("autopool UNMATCHED");
        assertEquals(2, unmatched.size(), run::toString);
        assertTrue(unmatched.get(0).startsWith("autopool UNMATCHED " + conf + ":4: factory com.acme.NeverLoaded"),
                unmatched::toString);
        assertTrue(unmatched.get(1).startsWith("autopool UNMATCHED " + conf + ":5: release"), unmatched::toString);
    }
}
