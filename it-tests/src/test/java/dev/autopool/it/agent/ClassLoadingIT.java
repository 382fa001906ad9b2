package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopool.it.ChildRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Classes are rewritten whoever loads them and whenever: a child class loader, a class loaded before the agent's
 * premain (retransformation), and a JVM the agent attaches to while it runs.
 */
class ClassLoadingIT {

    static Stream<Path> jdks() {
        return AgentRuns.jdks();
    }

    private static String agentArgs(Path dump) throws Exception {
        return "config=" + AgentRuns.rules(AgentRuns.matrixRules().toArray(String[]::new)) + ",dump=" + dump;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aClassOfAChildLoaderIsRewrittenAndSeesTheRuntime(Path jdk) throws Exception {
        Path dump = AgentRuns.dumpDirectory();
        ChildRun run = AgentRuns.on(jdk).withAgent(AgentRuns.agentJar(), agentArgs(dump))
                .runClass(AgentRuns.fixtureClasspath(), AgentRuns.FIXTURES + "ChildLoaderApp", 120);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("fixture-child", run.result().get("loader"), run::toString);
        assertEquals("true", run.result().get("distinct"));
        assertEquals("true", run.result().get("pooled"), run::toString);
        AgentRuns.assertEveryDumpedClassPassesCheckClassAdapter(dump, "ReuseProbe.class");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aClassLoadedBeforePremainIsRetransformed(Path jdk) throws Exception {
        Path early = Files.createTempFile("early-agent", ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", AgentRuns.FIXTURES + "EarlyAgent");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(early), manifest)) {
            // the manifest is all: the agent class itself is on the class path
        }
        Path dump = AgentRuns.dumpDirectory();
        ChildRun run = AgentRuns.on(jdk).jvmArg("-javaagent:" + early).withAgent(AgentRuns.agentJar(), agentArgs(dump))
                .runClass(AgentRuns.fixtureClasspath(), AgentRuns.FIXTURES + "EarlyLoadedApp", 120);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(1, run.stdout().lines().filter("EARLY pooled=false"::equals).count(), run::toString);
        assertEquals("true", run.result().get("pooled"), run::toString);
        AgentRuns.assertEveryDumpedClassPassesCheckClassAdapter(dump, "ReuseProbe.class");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anAgentAttachedToARunningJvmRewritesItsLoadedClasses(Path jdk) throws Exception {
        Path dump = AgentRuns.dumpDirectory();
        ChildRun run = AgentRuns.on(jdk).jvmArg("-Djdk.attach.allowAttachSelf=true")
                .runClass(AgentRuns.fixtureClasspath(), AgentRuns.FIXTURES + "SelfAttachApp", 120,
                        AgentRuns.agentJar().toString(), agentArgs(dump));

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("false", run.result().get("before"), run::toString);
        assertEquals("true", run.result().get("after"), run::toString);
        AgentRuns.assertEveryDumpedClassPassesCheckClassAdapter(dump, "ReuseProbe.class");
    }
}
