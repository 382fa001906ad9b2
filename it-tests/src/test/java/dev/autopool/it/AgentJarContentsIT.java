package dev.autopool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The agent jar carries its third-party code relocated, the runtime nested, and the agent manifest. */
class AgentJarContentsIT {

    @Test
    void holdsNoUnrelocatedThirdPartyClass() throws Exception {
        try (JarFile jar = new JarFile(Jars.agent().toFile())) {
            List<String> classes = jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class"))
                    .collect(Collectors.toList());
            List<String> foreign = classes.stream().filter(n -> !n.startsWith("dev/autopool/"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), foreign, "every class must live under dev/autopool/");
            assertTrue(classes.stream().anyMatch(n -> n.startsWith("dev/autopool/shaded/asm/")));
            assertTrue(classes.stream().noneMatch(n -> n.startsWith("dev/autopool/runtime/")),
                    "the runtime travels as a nested jar for the bootstrap path, not as loose classes");
            assertNotNull(jar.getEntry("META-INF/autopool/autopool-runtime.jar"));
        }
    }

    @Test
    void declaresTheAgentEntryPoints() throws Exception {
        try (JarFile jar = new JarFile(Jars.agent().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("dev.autopool.agent.AutopoolAgent", main.getValue("Premain-Class"));
            assertEquals("dev.autopool.agent.AutopoolAgent", main.getValue("Agent-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
        }
    }
}
