package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import dev.autopool.it.fixtures.agent.lifecycle.LifecycleArraysApp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An {@code arrays} rule pools a {@code new} stored into a lifecycle field only when nothing can keep the array
 * past the lifecycle method: a getter or a {@code Cloneable} owner keeps it plain, with the reason in a
 * {@code autopool RULE} line and in {@code audit}, and the app's answers stay identical.
 */
class LifecycleArraysIT {
    private static final String PKG = AgentRuns.FIXTURES + "lifecycle.";
    private static final String[] RULES = {
            "lifecycle " + PKG + "Img#close()",
            "lifecycle " + PKG + "CopyableImg#close()",
            "arrays " + PKG + "** min-bytes=1k"};
    private static final String GETTER = "autopool RULE %s:3: arrays " + PKG + "**: stays plain: field Img.px is"
            + " returned by Img.pixels() at Img.java:12 (a new array stored there is pooled only if nothing can keep"
            + " it past the lifecycle method)";
    private static final String CLONEABLE = "autopool RULE %s:3: arrays " + PKG + "**: stays plain: CopyableImg is"
            + " Cloneable (Object.clone copies field px) (a new array stored there is pooled only if nothing can keep"
            + " it past the lifecycle method)";

    @Test
    void aFieldAGetterOrACloneCanKeepStaysPlainAndAnswersStayIdentical() throws Exception {
        Path conf = AgentRuns.rules(RULES);
        String app = LifecycleArraysApp.class.getName();
        ChildRun plain = ChildJvm.create().runClass(AgentRuns.fixtureClasspath(), app, 120);
        ChildRun pooled = ChildJvm.create().withAgent(AgentRuns.agentJar(), "config=" + conf)
                .runClass(AgentRuns.fixtureClasspath(), app, 120);

        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertEquals("false", plain.result().get("shared"), plain::toString);
        assertEquals(plain.result(), pooled.result(), pooled::toString);
        assertEquals(List.of(String.format(CLONEABLE, conf), String.format(GETTER, conf)),
                pooled.lines("autopool RULE").stream().sorted().toList(), pooled::toString);
    }

    @Test
    void auditNamesWhyEachStaysPlain() throws Exception {
        Path conf = AgentRuns.rules(RULES);
        Path classes = Path.of(LifecycleArraysApp.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        ChildRun run = ChildJvm.create().runJar(AgentRuns.agentJar(), 120, "audit", "--config", conf.toString(),
                classes.toString());

        assertEquals(0, run.exitCode(), run::toString);
        List<String> out = run.stdout().lines().toList();
        assertTrue(out.contains(String.format(GETTER, conf)), run::toString);
        assertTrue(out.contains(String.format(CLONEABLE, conf)), run::toString);
    }
}
