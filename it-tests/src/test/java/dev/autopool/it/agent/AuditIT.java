package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import dev.autopool.it.fixtures.agent.RuleKindsApp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code java -jar autopool-agent.jar audit} lists what each rule would rewrite, without running the app. */
class AuditIT {
    private static final Path FIXTURES = Path.of(
            RuleKindsApp.class.getProtectionDomain().getCodeSource().getLocation().getPath());

    @Test
    void listsEverySiteEachRuleWouldRewriteAndTheRulesThatMatchNothing() throws Exception {
        Path conf = AgentRuns.rules(AgentRuns.with(AgentRuns.matrixRules(),
                "lifecycle " + AgentRuns.FIXTURES + "Frame#close()",
                "factory com.acme.Gone#make(int)"));
        ChildRun run = ChildJvm.create().runJar(AgentRuns.agentJar(), 120, "audit", "--config", conf.toString(),
                FIXTURES.toString());

        assertEquals(0, run.exitCode(), run::toString);
        List<String> out = run.stdout().lines().toList();
        assertTrue(out.contains(conf + ":1  factory " + AgentRuns.FIXTURES + "FixtureMatrices#float3d(int,int,int)"
                + "  -> " + countOf(out, "borrow float[][][]") + " site(s)"), run::toString);
        assertTrue(out.contains("    " + AgentRuns.FIXTURES + "ReuseProbe.pooled(ReuseProbe.java:8)"
                + "  borrow float[][][]  [released by the app: handed to a release method at ReuseProbe.java:9]"),
                run::toString);
        // Each borrow site carries the escape analysis's verdict; an escaping one says how it leaves.
        assertTrue(out.contains("    " + AgentRuns.FIXTURES + "Frame.<init>(Frame.java:5)  borrow float[][][]"
                + "  [escapes: stored to field `Frame.planes` at Frame.java:5]"), run::toString);
        assertTrue(out.contains("    " + AgentRuns.FIXTURES + "ReuseProbe.pooled(ReuseProbe.java:9)  release"),
                run::toString);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("    " + AgentRuns.FIXTURES + "Frame.close(Frame.java:")
                && l.endsWith("release field planes")), run::toString);
        assertTrue(out.contains("rules that match nothing:"), run::toString);
        assertTrue(out.stream().anyMatch(l -> l.startsWith("    autopool UNMATCHED " + conf
                + ":4: factory com.acme.Gone#make(int) matched nothing")), run::toString);
    }

    @Test
    void suggestsFactoryRulesForMethodsThatBuildAndReturnAMatrix() throws Exception {
        ChildRun run = ChildJvm.create().runJar(AgentRuns.agentJar(), 120, "audit", "--suggest",
                FIXTURES.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().lines().anyMatch(l -> l.startsWith("factory " + AgentRuns.FIXTURES
                + "FixtureMatrices#float3d(int,int,int)   # FixtureMatrices.java:")), run::toString);
    }

    @Test
    void badUsageSaysHowToUseIt() throws Exception {
        ChildRun run = ChildJvm.create().runJar(AgentRuns.agentJar(), 60, "audit");

        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains(
                "usage: java -jar autopool-agent.jar audit [--strict] [--all] --config FILE JAR|DIR..."));
    }

    private static long countOf(List<String> out, String action) {
        return out.stream().filter(l -> l.startsWith("    ") && (l.endsWith("  " + action)
                || l.contains("  " + action + "  ["))).count();
    }
}
