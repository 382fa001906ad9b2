package dev.autopool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The agent jar carries its third-party code relocated, the runtime nested, the agent manifest, its licence and
 * ASM's, and it is the artifact the module installs.
 */
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
            // The runtime travels as a nested jar for the bootstrap path; only the settings' declaration is also
            // loose, for `audit` (no runtime on any path), and under -javaagent the bootstrap copy wins.
            assertEquals(List.of(), classes.stream().filter(n -> n.startsWith("dev/autopool/runtime/")
                    && !n.startsWith("dev/autopool/runtime/settings/")).collect(Collectors.toList()),
                    "the runtime travels as a nested jar for the bootstrap path, not as loose classes");
            assertNotNull(jar.getEntry("META-INF/autopool/autopool-runtime.jar"));
        }
    }

    @Test
    void theLooseSettingsClassesAreTheNestedRuntimesOwn() throws Exception {
        try (JarFile jar = new JarFile(Jars.agent().toFile())) {
            byte[] nested = jar.getInputStream(jar.getEntry("META-INF/autopool/autopool-runtime.jar")).readAllBytes();
            java.util.Map<String, byte[]> runtimeSettings = new java.util.TreeMap<>();
            try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(
                    new java.io.ByteArrayInputStream(nested))) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    if (e.getName().startsWith("dev/autopool/runtime/settings/") && e.getName().endsWith(".class")) {
                        runtimeSettings.put(e.getName(), in.readAllBytes());
                    }
                }
            }
            List<String> loose = jar.stream().map(JarEntry::getName)
                    .filter(n -> n.startsWith("dev/autopool/runtime/settings/") && n.endsWith(".class")).sorted()
                    .collect(Collectors.toList());
            assertEquals(List.copyOf(runtimeSettings.keySet()), loose);
            for (String name : loose) {
                assertTrue(java.util.Arrays.equals(runtimeSettings.get(name),
                        jar.getInputStream(jar.getEntry(name)).readAllBytes()), name);
            }
        }
    }

    @Test
    void declaresTheAgentEntryPoints() throws Exception {
        try (JarFile jar = new JarFile(Jars.agent().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("dev.autopool.agent.AutopoolAgent", main.getValue("Premain-Class"));
            assertEquals("dev.autopool.agent.AutopoolAgent", main.getValue("Agent-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            assertEquals(System.getProperty("autopool.version"), main.getValue("Implementation-Version"));
        }
    }

    @Test
    void carriesItsLicenceAndAsmsNotice() throws Exception {
        try (JarFile jar = new JarFile(Jars.agent().toFile())) {
            assertTrue(text(jar, "META-INF/LICENSE").contains("Version 2.0, January 2004"));
            assertTrue(text(jar, "META-INF/ASM-LICENSE").contains("Copyright (c) 2000-2011 INRIA, France Telecom"));
        }
    }

    @Test
    void printsItsVersion() throws Exception {
        ChildRun run = ChildJvm.create().runJar(Jars.agent(), 60, "--version");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("autopool-agent " + System.getProperty("autopool.version"), run.stdout().strip());
    }

    /**
     * The jar the agent module hands to install and deploy is this shaded one (the jar plugin's output was moved
     * aside), and its POM, the dependency-reduced one, lists nothing a user would get on the class path: ASM is
     * inside, relocated, and the runtime is nested.
     */
    @Test
    void isTheModulesArtifactUnderAPomWithoutDependencies() throws Exception {
        Path target = Jars.agent().getParent();
        assertTrue(Files.isRegularFile(target.resolve("original-autopool-agent.jar")),
                "the shade plugin replaces the module's artifact and keeps the jar plugin's as original-*");
        String pom = Files.readString(target.resolve("dependency-reduced-pom.xml"));
        List<String> scopes = Pattern.compile("<dependency>.*?</dependency>", Pattern.DOTALL).matcher(pom).results()
                .map(m -> m.group()).filter(d -> !d.contains("<scope>test</scope>")
                        && !d.contains("<scope>provided</scope>")).collect(Collectors.toList());
        assertEquals(List.of(), scopes, "dependencies a user of dev.autopool:autopool-agent would inherit");
    }

    private static String text(JarFile jar, String entry) throws Exception {
        JarEntry e = jar.getJarEntry(entry);
        assertNotNull(e, entry);
        try (var in = jar.getInputStream(e)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
