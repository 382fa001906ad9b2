package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopool.it.ChildRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Under the real agent, two sites on one source line ({@code a = f(10); b = f(20);}) are two JMX beans, numbered
 * {@code ordinal=1} and {@code 2} in bytecode order, and the same class from a second loader adds to those two
 * beans instead of making more. Everywhere else (the bean's {@code Site} attribute, TOP-SITE lines, reports, JFR)
 * their text ends in {@code #1} and {@code #2}.
 */
class SiteBeanOrdinalIT {
    @Test
    void twoSitesOnOneLineAreTwoBeansThatSumOverLoaders() throws Exception {
        Path conf = AgentRuns.rules("factory " + AgentRuns.FIXTURES + "SameLinePair#floats(int)");
        ChildRun run = AgentRuns.on(Path.of(System.getProperty("java.home")))
                .withAgent(AgentRuns.agentJar(), "config=" + conf + ",jmx=on")
                .runClass(AgentRuns.fixtureClasspath(), AgentRuns.FIXTURES + "SameLineJmxApp", 90);
        Map<String, String> r = run.result();
        assertAll(
                () -> assertEquals(0, run.exitCode(), run::toString),
                () -> assertEquals("90", r.get("sum"), run::toString),
                () -> assertEquals("2", r.get("beans"), run::toString),
                () -> assertEquals("0", r.get("unnumbered"), "a line with two sites numbers both: " + run),
                // floats(10) comes first in the bytecode: 3 borrows of 40 bytes, one from the app, two from the plugin
                () -> assertEquals("3/120", r.get("ordinal.1"), run::toString),
                () -> assertEquals("3/240", r.get("ordinal.2"), run::toString),
                () -> assertEquals("#1", r.get("text.1"), "the bean's Site attribute names its ordinal: " + run),
                () -> assertEquals("#2", r.get("text.2"), run::toString),
                // The exit block's TOP-SITE lines name the two sites apart, with the same text.
                () -> assertEquals(1, topSites(run, ") #1").size(), run::toString),
                () -> assertEquals(1, topSites(run, ") #2").size(), run::toString));
    }

    /** The {@code TOP-SITE by=bytes} lines whose site is on SameLinePair's line and ends with {@code suffix}. */
    private static List<String> topSites(ChildRun run, String suffix) {
        return run.lines("autopool TOP-SITE by=bytes").stream()
                .filter(l -> l.contains(" site=" + AgentRuns.FIXTURES + "SameLinePair.run(") && l.endsWith(suffix))
                .toList();
    }
}
