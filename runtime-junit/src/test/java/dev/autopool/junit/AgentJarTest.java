package dev.autopool.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the agent jar to attach: the property first, else the class-path jar holding the nested runtime. */
class AgentJarTest {
    @TempDir
    Path dir;

    @Test
    void theJarOnTheClassPathHoldingTheNestedRuntimeIsTheAgent() throws Exception {
        Path agent = jar("autopool-agent-0.1.0.jar", AgentJar.MARKER);
        Path other = jar("other.jar", "META-INF/other.txt");
        try (URLClassLoader testPath = new URLClassLoader(new URL[] {other.toUri().toURL(), agent.toUri().toURL()},
                null)) {
            assertEquals(agent, AgentJar.locate(null, testPath));
        }
    }

    @Test
    void thePropertyWinsOverTheClassPath() throws Exception {
        Path agent = jar("autopool-agent-0.1.0.jar", AgentJar.MARKER);
        Path named = jar("elsewhere.jar", "META-INF/x.txt");
        try (URLClassLoader testPath = new URLClassLoader(new URL[] {agent.toUri().toURL()}, null)) {
            assertEquals(named, AgentJar.locate(named.toString(), testPath));
        }
    }

    @Test
    void noPropertyAndNoAgentOnTheClassPathSaysSo() throws Exception {
        try (URLClassLoader testPath = new URLClassLoader(new URL[] {jar("other.jar", "a.txt").toUri().toURL()},
                null)) {
            AgentJar.NotFound e = assertThrows(AgentJar.NotFound.class, () -> AgentJar.locate(" ", testPath));
            assertTrue(e.getMessage().startsWith("dev.autopool:autopool-agent is not on the test class path"),
                    e.getMessage());
        }
    }

    private Path jar(String name, String entry) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(1);
            out.closeEntry();
        }
        return jar;
    }
}
