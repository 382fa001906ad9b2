package dev.autopool.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.agent.rewrite.fixture.Caller;
import dev.autopool.agent.rewrite.fixture.Kernels;
import dev.autopool.agent.rewrite.fixture.Shapes;
import dev.autopool.agent.rewrite.fixture.scope.Blur;
import dev.autopool.agent.rewrite.fixture.scope.Decoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit} as a CI gate: 0 when the rules are fine, 1 when the rules file has errors (or, with {@code
 * --strict}, a rule matches nothing), 2 for bad usage or input it cannot read; {@code --help} is no error.
 */
class AuditExitCodesTest {
    /** The fixtures' package, renamed: audit skips autopool's own packages like the agent does. */
    private static final String FIXTURES = "com/acme/fixture/";
    private static final String MATCHING = "factory com.acme.fixture.Shapes#float2d(int,int)";

    @TempDir
    Path dir;
    private Path classes;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void classPathRootWithACallerOfAFactory() throws IOException {
        classes = Files.createDirectories(dir.resolve("classes"));
        String from = Shapes.class.getPackageName().replace('.', '/') + "/";
        Remapper renamed = new Remapper() {
            @Override
            public String map(String internalName) {
                return internalName.startsWith(from) ? FIXTURES + internalName.substring(from.length()) : internalName;
            }
        };
        for (Class<?> c : List.of(Shapes.class, Caller.class, Decoder.class, Blur.class, Kernels.class)) {
            ClassWriter writer = new ClassWriter(0);
            String name = c.getName().replace('.', '/');
            try (InputStream in = c.getResourceAsStream("/" + name + ".class")) {
                new ClassReader(in).accept(new ClassRemapper(writer, renamed), 0);
            }
            Path file = classes.resolve(renamed.map(name) + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, writer.toByteArray());
        }
    }

    @Test
    void rulesThatAllMatchExitZero() throws IOException {
        assertEquals(Audit.OK, audit(rules(MATCHING)), this::output);
        assertTrue(stdout().contains("every rule matches something"), this::output);
    }

    @Test
    void helpIsNoError() {
        assertEquals(Audit.OK, run("--help"));
        assertTrue(stdout().startsWith("usage: java -jar autopool-agent.jar audit"), this::output);
    }

    @Test
    void noArgumentsIsBadUsage() {
        assertEquals(Audit.BAD_INPUT, run());
        assertTrue(stderr().startsWith("usage: "), this::output);
    }

    @Test
    void aMissingRulesFileIsBadInputNotAPass() {
        assertEquals(Audit.BAD_INPUT, run("--config", dir.resolve("nope.conf").toString(), classes.toString()));
        assertTrue(stderr().startsWith("autopool audit: cannot read the rules file "), this::output);
        assertTrue(!stdout().contains("every rule matches something"), this::output);
    }

    @Test
    void suggestWithARulesFileSaysSuggestTakesNoneRatherThanLookForAJarNamedConfig() throws IOException {
        Path rules = rules(MATCHING);
        assertEquals(Audit.BAD_INPUT, run("--suggest", "--config", rules.toString(), classes.toString()));
        assertTrue(stderr().startsWith("autopool audit: unknown option --config (audit --suggest reads no rules file,"
                + " only jars and class-path directories)"), this::output);
        assertTrue(!stderr().contains("no such jar or directory"), this::output);
    }

    @Test
    void anUnknownOptionIsNamedNotTakenForAJar() throws IOException {
        assertEquals(Audit.BAD_INPUT, run("--config", rules(MATCHING).toString(), "--verbose", classes.toString()));
        assertTrue(stderr().startsWith("autopool audit: unknown option --verbose"), this::output);
    }

    @Test
    void aRulesFileAfterTheJarsIsNamedAsMisplaced() throws IOException {
        assertEquals(Audit.BAD_INPUT, run(classes.toString(), "--config", rules(MATCHING).toString()));
        assertTrue(stderr().startsWith("autopool audit: --config FILE comes first, before the jars and"
                + " directories"), this::output);
    }

    @Test
    void aMissingJarIsBadInput() throws IOException {
        assertEquals(Audit.BAD_INPUT, run("--config", rules(MATCHING).toString(), dir.resolve("app.jar").toString()));
        assertTrue(stderr().contains("no such jar or directory: " + dir.resolve("app.jar")), this::output);
    }

    @Test
    void aClassFileThatIsNoClassIsReportedAndTheAuditGoesOn() throws IOException {
        // Before, a file whose constant pool ran past its end threw out of audit with a stack trace, exit 1.
        Files.writeString(classes.resolve("Garbage.class"), "notaclass\n");
        Files.write(classes.resolve("Truncated.class"), java.util.Arrays.copyOf(
                Files.readAllBytes(classes.resolve(FIXTURES + "Caller.class")), 100));

        assertEquals(Audit.OK, audit(rules(MATCHING)), this::output);
        assertTrue(stdout().contains("autopool REWRITE-FAILED Garbage would be left unchanged"), this::output);
        assertTrue(stdout().contains("autopool REWRITE-FAILED Truncated would be left unchanged"), this::output);
        assertTrue(stdout().contains("every rule matches something"), this::output);
    }

    @Test
    void aFileThatIsNoJarIsBadInputNamingIt() throws IOException {
        Path classFile = classes.resolve(FIXTURES + "Caller.class");
        assertEquals(Audit.BAD_INPUT, run("--config", rules(MATCHING).toString(), classFile.toString()));
        // Before: "autopool audit: zip END header not found", naming neither the file nor what was expected.
        assertTrue(stderr().startsWith("autopool audit: " + classFile + " is neither a jar nor a directory"),
                this::output);
        assertTrue(stderr().contains("the directory that holds com/acme/..."), this::output);
    }

    @Test
    void aJarOfJarsSaysItsNestedJarsAreNotRead() throws IOException {
        Path inner = dir.resolve("inner.jar");
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(inner))) {
            jar.putNextEntry(new java.util.jar.JarEntry(FIXTURES + "Caller.class"));
            jar.write(Files.readAllBytes(classes.resolve(FIXTURES + "Caller.class")));
        }
        Path outer = dir.resolve("fat.jar");
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(outer))) {
            jar.putNextEntry(new java.util.jar.JarEntry("BOOT-INF/lib/inner.jar"));
            jar.write(Files.readAllBytes(inner));
        }

        assertEquals(Audit.OK, run("--config", rules(MATCHING).toString(), outer.toString()), this::output);
        assertTrue(stdout().contains(outer + " holds 1 nested jar(s) (BOOT-INF/lib/inner.jar): their classes are"
                + " not read"), this::output);
    }

    @Test
    void rulesWithErrorsExitOneAfterTheReport() throws IOException {
        assertEquals(Audit.FINDINGS, audit(rules(MATCHING, "factori com.acme.Typo#make(int)")), this::output);
        assertTrue(stdout().contains("unknown rule kind 'factori'"), this::output);
        assertTrue(stderr().contains("1 problem(s) in "), this::output);
    }

    @Test
    void aRuleMatchingNothingFailsOnlyWithStrict() throws IOException {
        Path rules = rules(MATCHING, "factory com.acme.Gone#make(int)");
        assertEquals(Audit.OK, audit(rules), this::output);

        assertEquals(Audit.FINDINGS, run("--strict", "--config", rules.toString(), classes.toString()), this::output);
        assertTrue(stderr().contains("1 rule(s) match nothing (--strict)"), this::output);
    }

    @Test
    void theAgentJarsCommandLineAnswersVersionAndHelpWithZeroAndUnknownCommandsWithTwo() {
        assertEquals(0, AutopoolAgent.command(List.of("--version"), print(out), print(err)));
        assertTrue(stdout().startsWith("autopool-agent "), this::output);
        assertEquals(0, AutopoolAgent.command(List.of("--help"), print(out), print(err)));
        assertEquals(2, AutopoolAgent.command(List.of("frobnicate"), print(out), print(err)));
        assertTrue(stderr().startsWith("autopool agent: unknown command 'frobnicate'"), this::output);
    }

    @Test
    void everyBigNewThatStaysPlainInAnArraysScopeIsListedWithWhy() throws IOException {
        Path rules = rules(MATCHING, "arrays com.acme.fixture.scope.**", "lifecycle com.acme.fixture.scope.Decoder#close()");

        assertEquals(Audit.OK, audit(rules), this::output);

        String report = stdout();
        // The scratch matrix of the constructor (run-time size) dies after its super() call: the constructor's own
        // automatic release brings it home (before, it stayed plain: "borrowed in a constructor").
        assertTrue(report.lines().anyMatch(l -> l.startsWith("    com.acme.fixture.scope.Decoder.<init>(Decoder.java:")
                && l.contains("  borrow float[][][] (run-time size)  [released where it dies")), report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith("    com.acme.fixture.scope.Decoder.<init>(Decoder.java:")
                && l.contains("  release (automatic) of the borrow at line")), report);
        // What is pooled is not listed as plain, and a new under min-bytes is not listed at all.
        assertTrue(report.lines().noneMatch(l -> l.contains("plain int[]")), report);
    }

    @Test
    void smallerNewsAreOneCountLineAndAllListsEachWithWhy() throws IOException {
        Path rules = rules(MATCHING, "arrays com.acme.fixture.scope.**",
                "lifecycle com.acme.fixture.scope.Decoder#close()");

        assertEquals(Audit.OK, audit(rules), this::output);
        // Decoder's int[16] and Blur's int[4] are under the default min-bytes: counted, not listed.
        assertTrue(stdout().contains("\n  and 2 smaller new(s) under min-bytes stay plain (--all lists them)\n"),
                this::output);
        assertTrue(stdout().lines().noneMatch(l -> l.contains("under min-bytes:")), this::output);

        out.reset();
        assertEquals(Audit.OK, run("--all", "--config", rules.toString(), classes.toString()), this::output);
        String report = stdout();
        assertTrue(report.contains("\n  stay plain (under min-bytes):\n"), report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith("    com.acme.fixture.scope.Decoder.<init>(Decoder.java:")
                && l.endsWith("  plain int[]  [under min-bytes: 64 B < " + minBytes() + " B]")), report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith("    com.acme.fixture.scope.Blur.tiny(Blur.java:")
                && l.endsWith("  plain int[]  [under min-bytes: 16 B < " + minBytes() + " B]")), report);
        assertTrue(!report.contains("--all lists them"), report);
    }

    @Test
    void aVerdictThatBringsAnArrayHomeThroughAnotherClassNamesTheClassItWaitsForAtRunTime() throws IOException {
        assertEquals(Audit.OK, audit(rules("arrays com.acme.fixture.scope.Blur")), this::output);

        String report = stdout();
        // Released through Kernels' code: the running agent proves it once Kernels is linked (and rewrites again).
        assertTrue(report.lines().anyMatch(l -> l.startsWith("    com.acme.fixture.scope.Blur.smooth(Blur.java:")
                && l.contains("[released where it dies: ")
                && l.endsWith("; at run time once com.acme.fixture.Kernels is linked]")), report);
        // Resting on its own method alone: the same verdict at run time, nothing to wait for.
        assertTrue(report.lines().anyMatch(l -> l.startsWith("    com.acme.fixture.scope.Blur.alone(Blur.java:")
                && l.contains("[released where it dies: ") && !l.contains("at run time")), report);
    }

    @Test
    void withoutTheHelpersClassFileTheArrayStaysPlainAndTheLineSaysWhy() throws IOException {
        Files.delete(classes.resolve(FIXTURES + "Kernels.class"));

        assertEquals(Audit.OK, audit(rules("arrays com.acme.fixture.scope.Blur")), this::output);

        assertTrue(stdout().lines().anyMatch(l -> l.startsWith("    com.acme.fixture.scope.Blur.smooth(Blur.java:")
                && l.contains("plain float[] (run-time size)  [escapes: passed to Kernels.ramp at ")
                && l.contains("com.acme.fixture.Kernels, which has no class file in the audited jars")), this::output);
    }

    private static long minBytes() {
        return dev.autopool.agent.config.ConfigParser.DEFAULT_MIN_BYTES;
    }

    private int audit(Path rules) {
        return run("--config", rules.toString(), classes.toString());
    }

    private int run(String... args) {
        return Audit.run(new ArrayList<>(List.of(args)), print(out), print(err));
    }

    private Path rules(String... lines) throws IOException {
        return Files.write(dir.resolve("rules.conf"), List.of(lines));
    }

    private static PrintStream print(ByteArrayOutputStream to) {
        return new PrintStream(to, true, StandardCharsets.UTF_8);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String output() {
        return "stdout:\n" + stdout() + "\nstderr:\n" + stderr();
    }
}
