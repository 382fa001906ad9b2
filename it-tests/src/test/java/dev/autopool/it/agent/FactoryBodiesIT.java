package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import dev.autopool.it.fixtures.agent.factories.FactoryBodiesApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A {@code factory} rule on a method that does more than allocate from its parameters (fills with ones, pads each
 * side, returns {@code [h][w]} from {@code (w,h)}) is refused with one {@code autopool RULE} line saying what the
 * body does, and the app's answers stay identical; a pure factory that fills its rows in a loop stays pooled.
 */
class FactoryBodiesIT {
    private static final String SHAPES = AgentRuns.FIXTURES + "factories.Shapes";
    private static final String APP = AgentRuns.FIXTURES + "factories.FactoryBodiesApp";
    private static final String[] RULES = {
            "factory " + SHAPES + "#ones(int,int)",
            "factory " + SHAPES + "#padded(int,int)",
            "factory " + SHAPES + "#swapped(int,int)",
            "factory " + SHAPES + "#rows(int,int)",
            "release " + SHAPES + "#free(java.lang.Object)"};

    @Test
    void impureFactoriesAreRefusedWithTheirLineAndAnswersStayIdentical() throws Exception {
        Path conf = AgentRuns.rules(RULES);
        ChildRun plain = ChildJvm.create().runClass(AgentRuns.fixtureClasspath(), APP, 120);
        ChildRun pooled = ChildJvm.create().withAgent(AgentRuns.agentJar(), "config=" + conf)
                .runClass(AgentRuns.fixtureClasspath(), APP, 120);

        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        Map<String, String> expected = new java.util.HashMap<>(plain.result());
        assertEquals("false", expected.put("rowsCameHome", "true"), plain::toString);
        assertEquals(expected, pooled.result(), pooled::toString);
        assertEquals(List.of(
                        "autopool RULE " + conf + ":1: factory " + SHAPES + "#ones(int,int): does more than allocate:"
                                + " it calls java.util.Arrays.fill at Shapes.java:12; calls are left as they are",
                        "autopool RULE " + conf + ":2: factory " + SHAPES + "#padded(int,int): does more than"
                                + " allocate: it sizes its new float[][] from something other than its int parameters,"
                                + " at Shapes.java:18; calls are left as they are",
                        "autopool RULE " + conf + ":3: factory " + SHAPES + "#swapped(int,int): allocates float[][]"
                                + " from parameters 1,0 (outermost first), but the rule takes the dimensions from"
                                + " parameters 0,1 (set dims=1,0 if that is what is meant); calls are left as they are"),
                pooled.lines("autopool RULE").stream().sorted().toList(), pooled::toString);
        assertEquals(List.of(), pooled.lines("autopool REWRITE-FAILED"), pooled::toString);
    }

    @Test
    void auditShowsTheRefusalsAndListsOnlyThePureFactorysSites() throws Exception {
        Path conf = AgentRuns.rules(RULES);
        Path classes = Path.of(FactoryBodiesApp.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        ChildRun run = ChildJvm.create().runJar(AgentRuns.agentJar(), 120, "audit", "--config", conf.toString(),
                classes.toString());

        assertEquals(0, run.exitCode(), run::toString);
        List<String> out = run.stdout().lines().toList();
        assertTrue(out.contains("autopool RULE " + conf + ":1: factory " + SHAPES + "#ones(int,int): does more than"
                + " allocate: it calls java.util.Arrays.fill at Shapes.java:12; calls are left as they are"), run::toString);
        assertTrue(out.contains(conf + ":1  factory " + SHAPES + "#ones(int,int)  -> 0 site(s)"), run::toString);
        assertTrue(out.contains(conf + ":4  factory " + SHAPES + "#rows(int,int)  -> 2 site(s)"), run::toString);
    }
}
