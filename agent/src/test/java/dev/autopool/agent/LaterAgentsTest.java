package dev.autopool.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which agents run after autopool's in the transformer chain: the ones after its own option, but the debugger. */
class LaterAgentsTest {
    private static final String OWN = "/opt/autopool/autopool-agent.jar";

    @Test
    void agentsBeforeAutopoolAreNotLater() {
        assertEquals(List.of(), LaterAgents.after(List.of("-javaagent:/opt/jacoco.jar=destfile=x",
                "-javaagent:" + OWN + "=config=a.conf", "-Xmx1g"), OWN));
    }

    @Test
    void everyAgentAfterAutopoolButTheDebuggerIsLater() {
        assertEquals(List.of("-javaagent:/opt/apm.jar", "-agentpath:/opt/libprof.so"),
                LaterAgents.after(List.of("-javaagent:" + OWN, "-javaagent:/opt/apm.jar",
                        "-agentlib:jdwp=transport=dt_socket", "-agentpath:/opt/libprof.so"), OWN));
    }

    @Test
    void autopoolListedTwiceIsNoLaterAgent(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path copy = dir.resolve("copy-of-autopool.jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", AutopoolAgent.class.getName());
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(
                java.nio.file.Files.newOutputStream(copy), manifest)) {
            out.closeEntry();
        }
        assertEquals(List.of("-javaagent:/opt/apm.jar"), LaterAgents.after(List.of("-javaagent:" + OWN,
                "-javaagent:" + OWN + "=config=b.conf", "-javaagent:" + copy, "-javaagent:/opt/apm.jar"), OWN));
    }

    @Test
    void anEarlierAgentWhoseAgentClassIsDefinedAlreadyCouldStartAgainUnseen(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path early = jar(dir.resolve("early.jar"), "Agent-Class", LaterAgentsTest.class.getName());
        java.nio.file.Path notYet = jar(dir.resolve("not-yet.jar"), "Agent-Class", "com.acme.NotLoaded");
        java.nio.file.Path after = jar(dir.resolve("after.jar"), "Agent-Class", LaterAgentsTest.class.getName());
        List<String> args = List.of("-javaagent:" + early, "-javaagent:" + notYet, "-javaagent:" + OWN,
                "-javaagent:" + after);

        List<String> found = LaterAgents.reattachable(args, OWN,
                () -> new Class<?>[] {String.class, LaterAgentsTest.class});

        // not-yet.jar's Agent-Class would be defined when attached (and seen then); after.jar is a later agent.
        assertEquals(1, found.size(), found::toString);
        assertEquals(true, found.get(0).startsWith(early + " (loaded before autopool; its Agent-Class "
                + LaterAgentsTest.class.getName() + " is defined already"), found::toString);
    }

    private static java.nio.file.Path jar(java.nio.file.Path path, String attribute, String value)
            throws java.io.IOException {
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue(attribute, value);
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(
                java.nio.file.Files.newOutputStream(path), manifest)) {
            out.closeEntry();
        }
        return path;
    }

    @Test
    void autopoolRunFromACopyWhileItsClassesComeFromTheClassPathIsNeitherEarlierNorLater(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // -javaagent:agent/target/autopool-agent.jar with dev.autopool:autopool-agent also a test dependency: the
        // application loader finds AutopoolAgent in the class-path copy first, so that copy is the "own" jar.
        java.nio.file.Path onCommandLine = dir.resolve("autopool-agent.jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", AutopoolAgent.class.getName());
        manifest.getMainAttributes().putValue("Agent-Class", AutopoolAgent.class.getName());
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(
                java.nio.file.Files.newOutputStream(onCommandLine), manifest)) {
            out.closeEntry();
        }
        List<String> args = List.of("-javaagent:" + onCommandLine + "=config=a.conf", "-javaagent:/opt/apm.jar");

        assertEquals(List.of(), LaterAgents.reattachable(args, OWN,
                () -> new Class<?>[] {AutopoolAgent.class, String.class}));
        assertEquals(List.of("-javaagent:/opt/apm.jar"), LaterAgents.after(args, OWN));
    }

    @Test
    void withoutAutopoolOnTheCommandLineNothingIsLater() {
        // Attached at run time: every agent on the command line ran its premain before autopool existed.
        assertEquals(List.of(), LaterAgents.after(List.of("-javaagent:/opt/apm.jar"), OWN));
    }
}
