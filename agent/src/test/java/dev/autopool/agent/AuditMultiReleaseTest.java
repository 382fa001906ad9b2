package dev.autopool.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.agent.rewrite.fixture.Shapes;
import dev.autopool.agent.rewrite.fixture.versions.Kept;
import dev.autopool.agent.rewrite.fixture.versions.Released;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

/**
 * {@code audit} judges the classes the running JDK would load: a multi-release jar's versioned class replaces the
 * base one up to this JDK's version (and the report says the verdicts are this JDK's), while a directory's {@code
 * META-INF/versions/} is ignored, as the JVM ignores it.
 */
class AuditMultiReleaseTest {
    private static final String U = "com/acme/fixture/versions/U";
    private static final String SITE = "    com.acme.fixture.versions.U.use(";
    private static final String RULES = "factory com.acme.fixture.Shapes#float2d(int,int)\n"
            + "release com.acme.fixture.Shapes#free(java.lang.Object)\n";
    private static final int JDK = Runtime.version().feature();

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aMultiReleaseJarIsJudgedWithTheVersionedClassThisJdkLoads() throws IOException {
        // Version 9 applies on every JDK this runs on; the next JDK's version does not apply yet.
        Path jar = jar(true, Map.of(
                "", Released.class,
                "META-INF/versions/9/", Kept.class,
                "META-INF/versions/" + (JDK + 1) + "/", Released.class));

        assertEquals(Audit.OK, audit(jar), this::output);

        String report = stdout();
        assertEquals(1, report.lines().filter(l -> l.startsWith(SITE) && l.contains("  borrow ")).count(), report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith(SITE)
                && l.contains("[escapes: stored to static field `U.keep`")), report);
        assertTrue(report.contains("release com.acme.fixture.Shapes#free(java.lang.Object)  -> 0 site(s)"), report);
        assertTrue(report.lines().anyMatch(l -> l.equals(jar + " is a multi-release jar: judged as JDK " + JDK
                + " loads it; other JDKs may load other code for com.acme.fixture.versions.U (versions 9, "
                + (JDK + 1) + "), so audit on the JDK the app runs on")), report);
        assertTrue(report.contains("audited 2 class(es)"), report);
    }

    @Test
    void aVersionAboveThisJdkLeavesTheBaseClassJudged() throws IOException {
        Path jar = jar(true, Map.of("", Released.class, "META-INF/versions/" + (JDK + 1) + "/", Kept.class));

        assertEquals(Audit.OK, audit(jar), this::output);

        String report = stdout();
        assertTrue(report.lines().anyMatch(l -> l.startsWith(SITE) && l.contains("[released by the app: ")), report);
        assertTrue(report.contains("is a multi-release jar: judged as JDK " + JDK + " loads it"), report);
        assertTrue(report.contains("every rule matches something"), report);
    }

    @Test
    void aClassOnlyInAVersionDirectoryIsAudited() throws IOException {
        Path jar = jar(true, Map.of("META-INF/versions/9/", Kept.class));

        assertEquals(Audit.OK, audit(jar), this::output);

        assertTrue(stdout().lines().anyMatch(l -> l.startsWith(SITE) && l.contains("[escapes: ")), this::output);
    }

    @Test
    void withoutTheMultiReleaseAttributeVersionedEntriesAreIgnoredLikeTheJdkDoes() throws IOException {
        Path jar = jar(false, Map.of("", Released.class, "META-INF/versions/9/", Kept.class));

        assertEquals(Audit.OK, audit(jar), this::output);

        String report = stdout();
        assertEquals(1, report.lines().filter(l -> l.startsWith(SITE) && l.contains("  borrow ")).count(), report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith(SITE) && l.contains("[released by the app: ")), report);
        assertTrue(!report.contains("multi-release"), report);
    }

    @Test
    void aDirectorysVersionedClassesAreIgnoredAndSaidSo() throws IOException {
        Path root = Files.createDirectories(dir.resolve("classes"));
        write(root, "", Shapes.class, "com/acme/fixture/Shapes");
        write(root, "", Released.class, U);
        write(root, "META-INF/versions/9/", Kept.class, U);

        assertEquals(Audit.OK, audit(root), this::output);

        String report = stdout();
        // One class, judged once: not a second p.U under a META-INF name.
        assertEquals(1, report.lines().filter(l -> l.startsWith(SITE) && l.contains("  borrow ")).count(), report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith(SITE) && l.contains("[released by the app: ")), report);
        assertTrue(report.contains("audited 2 class(es)"), report);
        assertTrue(report.contains(root + " is a directory: its META-INF/versions/ classes are ignored"), report);
    }

    @Test
    void suggestReadsTheJarAsThisJdkDoesAndSaysSoInAComment() throws IOException {
        Path jar = jar(true, Map.of("", Released.class, "META-INF/versions/9/", Kept.class));

        assertEquals(Audit.OK, run("--suggest", jar.toString()), this::output);

        assertTrue(stdout().lines().anyMatch(l -> l.startsWith("# " + jar + " is a multi-release jar: ")), this::output);
    }

    /** A jar with Shapes and, under each prefix, the given class as {@code U}. */
    private Path jar(boolean multiRelease, Map<String, Class<?>> uByPrefix) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (multiRelease) manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("com/acme/fixture/Shapes.class", renamed(Shapes.class, "com/acme/fixture/Shapes"));
        uByPrefix.forEach((prefix, c) -> files.put(prefix + U + ".class", renamed(c, U)));
        Path jar = dir.resolve("app.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                out.putNextEntry(new JarEntry(f.getKey()));
                out.write(f.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void write(Path root, String prefix, Class<?> c, String as) throws IOException {
        Path file = root.resolve(prefix + as + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, renamed(c, as));
    }

    /** The class file of {@code c} as class {@code as}, calling Shapes under its renamed package. */
    private static byte[] renamed(Class<?> c, String as) {
        String name = c.getName().replace('.', '/');
        Map<String, String> names = new java.util.HashMap<>();
        names.put(Shapes.class.getName().replace('.', '/'), "com/acme/fixture/Shapes");
        names.put(name, as);
        SimpleRemapper remapper = new SimpleRemapper(names);
        ClassWriter writer = new ClassWriter(0);
        try (InputStream in = c.getResourceAsStream("/" + name + ".class")) {
            new ClassReader(in).accept(new ClassRemapper(writer, remapper), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return writer.toByteArray();
    }

    private int audit(Path input) throws IOException {
        Path rules = Files.writeString(dir.resolve("rules.conf"), RULES);
        return run("--config", rules.toString(), input.toString());
    }

    private int run(String... args) {
        return Audit.run(new ArrayList<>(List.of(args)), print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream to) {
        return new PrintStream(to, true, StandardCharsets.UTF_8);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String output() {
        return "stdout:\n" + stdout() + "\nstderr:\n" + err.toString(StandardCharsets.UTF_8);
    }
}
