package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code jmx} setting under the real agent: {@code auto} (the default) never makes the platform MBean server
 * and registers as soon as someone else has; {@code on} makes it and registers within a second of first use;
 * {@code off} never registers. Typed proxies read the Pools and site beans.
 */
class JmxIT {
    private static ChildRun run(String settings, String mode) throws Exception {
        Path conf = AgentRuns.rules("factory " + AgentRuns.FIXTURES + "JmxApp#floats(int)");
        return AgentRuns.on(Path.of(System.getProperty("java.home")))
                .withAgent(AgentRuns.agentJar(), "config=" + conf + settings)
                .runClass(AgentRuns.fixtureClasspath(), AgentRuns.FIXTURES + "JmxApp", 90, mode);
    }

    @Test
    void byDefaultTheAgentMakesNoMBeanServerButRegistersOnceTheAppHasOne() throws Exception {
        ChildRun run = run("", "auto");
        Map<String, String> r = run.result();
        assertAll(
                () -> assertEquals(0, run.exitCode(), run::toString),
                () -> assertEquals("false", r.get("serverBefore"), "jmx=auto made the MBean server: " + run),
                () -> assertEquals("true", r.get("registered"), run::toString),
                () -> assertTrue(Long.parseLong(r.get("registeredMs")) < 2000, run::toString),
                () -> assertEquals("1", r.get("borrows"), run::toString),
                () -> assertEquals("1/4000", r.get("row.float[1000]"), run::toString),
                () -> assertEquals("4000", r.get("outstandingBytes"), run::toString),
                () -> assertEquals("1", r.get("siteBorrows"), run::toString),
                () -> assertTrue(r.get("siteKey").startsWith("\"" + AgentRuns.FIXTURES + "JmxApp.main(JmxApp.java:"),
                        "site beans are named by the site's quoted text: " + run),
                () -> assertTrue(r.get("ruleKey").startsWith("\"") && r.get("ruleKey").endsWith(".conf:1\""),
                        "and by the rule that rewrote it: " + run),
                () -> assertEquals("true", r.get("trimmed"), run::toString),
                () -> assertEquals("false", r.get("onnxBean"), run::toString),
                () -> assertEquals(2, run.lines("autopool SUMMARY borrows=").size(),
                        "printSummary wrote the block once, the exit once: " + run));
    }

    @Test
    void byDefaultAJmxClientAttachingLaterFindsTheBeans() throws Exception {
        ChildRun run = run("", "attach");
        Map<String, String> r = run.result();
        assertAll(
                () -> assertEquals(0, run.exitCode(), run::toString),
                () -> assertEquals("false", r.get("serverBefore"), "jmx=auto made the MBean server: " + run),
                () -> assertEquals("true", r.get("registered"), run::toString),
                () -> assertTrue(Long.parseLong(r.get("registeredMs")) >= 0
                        && Long.parseLong(r.get("registeredMs")) < 2000, "registered soon after jcmd: " + run),
                () -> assertEquals("1", r.get("borrows"), run::toString));
    }

    @Test
    void jmxOnRegistersWithinASecondOfFirstUse() throws Exception {
        ChildRun run = run(",jmx=on", "on");
        Map<String, String> r = run.result();
        assertAll(
                () -> assertEquals(0, run.exitCode(), run::toString),
                () -> assertEquals("true", r.get("registered"), run::toString),
                () -> assertTrue(Long.parseLong(r.get("registeredMs")) <= 1000, run::toString),
                () -> assertEquals("1", r.get("borrows"), run::toString));
    }

    @Test
    void jmxOffNeverRegisters() throws Exception {
        ChildRun run = run(",jmx=off", "off");
        Map<String, String> r = run.result();
        assertAll(
                () -> assertEquals(0, run.exitCode(), run::toString),
                () -> assertEquals("false", r.get("serverBefore"), run::toString),
                () -> assertEquals("false", r.get("registered"), run::toString),
                () -> assertEquals("0", r.get("beans"), run::toString));
    }
}
