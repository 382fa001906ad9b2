package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildRun;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Class loaders unload under the agent exactly as they do without it: a plugin reloaded ten times through new
 * loaders, with automatic release on (the default), must leave as many loaders collectable as a run without the
 * agent. Any strong path from an agent or runtime structure to the plugin's loader (a cache value that captures
 * it, a site record holding a class) keeps them all.
 */
class ClassUnloadingIT {

    static Stream<Path> jdks() {
        return AgentRuns.jdks();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aReloadedPluginUnloadsAsManyLoadersAsWithoutTheAgent(Path jdk) throws Exception {
        String app = AgentRuns.FIXTURES + "PluginReloadApp";
        ChildRun without = AgentRuns.on(jdk).runClass(AgentRuns.fixtureClasspath(), app, 120);
        String args = "config=" + AgentRuns.rules(AgentRuns.matrixRules().toArray(String[]::new));
        ChildRun with = AgentRuns.on(jdk).withAgent(AgentRuns.agentJar(), args)
                .runClass(AgentRuns.fixtureClasspath(), app, 120);

        assertEquals(0, without.exitCode(), without::toString);
        assertEquals(0, with.exitCode(), with::toString);
        assertEquals("10", without.result().get("unloaded"), "without the agent every loader unloads: " + without);
        assertEquals(without.result().get("unloaded"), with.result().get("unloaded"), with::toString);
        assertEquals(without.result().get("checksum"), with.result().get("checksum"), "same answers");
        assertTrue(with.stderr().contains("autopool SUMMARY") || with.stdout().contains("autopool SUMMARY"),
                () -> "the agent was active: " + with);
    }
}
