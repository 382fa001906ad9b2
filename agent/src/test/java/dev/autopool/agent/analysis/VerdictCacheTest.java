package dev.autopool.agent.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autopool.agent.analysis.fixtures.CachedCallee;
import dev.autopool.agent.analysis.fixtures.CachedCaller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The verdict cache: a warm entry stands in for the analysis with the same verdicts and the same dependencies;
 * changing any input of the key (the class, a class the verdict rests on, the rules, the settings, the agent, the
 * JDK) misses; a damaged entry is ignored and recomputed; a directory that is not owner-only turns the cache off.
 */
class VerdictCacheTest {
    private static final String CALLER = Type.getInternalName(CachedCaller.class);
    private static final String CALLEE = Type.getInternalName(CachedCallee.class);
    private static final BorrowRules RULES = BorrowRules.of("dev/autopool/runtime/Pools", type -> true, List.of());

    @TempDir
    Path tmp;
    private Path dir;
    private Map<String, byte[]> classes;

    @BeforeEach
    void ownerOnlyDirectoryAndTheFixtures() throws IOException {
        dir = Files.createDirectory(tmp.resolve("cache"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        classes = new HashMap<>();
        classes.put(CALLER, RewritingLoader.originalBytes(CALLER));
        classes.put(CALLEE, RewritingLoader.originalBytes(CALLEE));
    }

    @Test
    void aWarmEntryGivesTheSameVerdictsAndDependenciesWithoutTheAnalysis() {
        Run cold = run(context("v1"));
        assertEquals(Verdict.Kind.RELEASED_BY_AGENT, cold.verdicts.get(0).kind(), cold.verdicts::toString);
        assertTrue(cold.plan.dependsOn().contains(new ClassKey(1, CALLEE)), cold.plan.dependsOn()::toString);
        assertEquals(List.of(0L, 1L, 1L), List.of(cold.cache.hits.sum(), cold.cache.misses.sum(),
                cold.cache.written.sum()));

        Run warm = run(context("v1"));
        assertEquals(List.of(1L, 0L, 0L), List.of(warm.cache.hits.sum(), warm.cache.misses.sum(),
                warm.cache.written.sum()));
        assertEquals(cold.verdicts, warm.verdicts);
        assertEquals(cold.plan.dependsOn(), warm.plan.dependsOn());
        assertEquals(cold.plan.plans().size(), warm.plan.plans().size());
        assertEquals(cold.plan.plans().get(0).releaseBeforeReborrow(), warm.plan.plans().get(0).releaseBeforeReborrow());
    }

    static Stream<Arguments> changedInputs() {
        return Stream.of(
                Arguments.of("the class's own bytes", "v1", (UnaryOperator<Map<String, byte[]>>) c -> with(c, CALLER)),
                Arguments.of("a class its verdict rests on", "v1", (UnaryOperator<Map<String, byte[]>>) c -> with(c, CALLEE)),
                Arguments.of("the agent version", "v2", UnaryOperator.identity()),
                Arguments.of("the rules", "rules", UnaryOperator.identity()),
                Arguments.of("the settings", "settings", UnaryOperator.identity()),
                Arguments.of("the JDK feature version", "jdk", UnaryOperator.identity()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changedInputs")
    void changingAnyInputMisses(String what, String variant, UnaryOperator<Map<String, byte[]>> change) {
        run(context("v1"));
        classes = change.apply(classes);
        Run again = run(context(variant));
        assertEquals(0, again.cache.hits.sum(), what);
        assertEquals(1, again.cache.misses.sum(), what);
    }

    /**
     * One digest per class is shared by its entry key and by the plans resting on it, and answered only for equal
     * bytes: other bytes under the same class key, or the caller's array written to afterwards, hash afresh.
     */
    @Test
    void aRememberedDigestAnswersOnlyForEqualBytes() {
        VerdictCache cache = new VerdictCache(dir, "ctx".getBytes(StandardCharsets.UTF_8));
        ClassKey c = new ClassKey(1, CALLEE);
        byte[] bytes = classes.get(CALLEE).clone();
        byte[] first = cache.digest(c, bytes);
        assertArrayEquals(VerdictCache.sha256().digest(classes.get(CALLEE)), first);
        String key = cache.key(c, bytes);
        bytes[bytes.length - 1] ^= 1; // the JVM may reuse the array it handed over
        assertArrayEquals(VerdictCache.sha256().digest(bytes), cache.digest(c, bytes));
        assertNotEquals(key, cache.key(c, bytes));
        assertArrayEquals(first, cache.digest(c, classes.get(CALLEE).clone()));
        assertEquals(key, cache.key(c, classes.get(CALLEE).clone()));
        assertNotEquals(key, cache.key(new ClassKey(2, CALLER), classes.get(CALLEE)));
    }

    @Test
    void whileAClassItRestsOnIsNotLinkedTheEntryReleasesNothingAndWaitsForIt() {
        run(context("v1"));
        classes = without(classes, CALLEE);
        Run waiting = run(context("v1"));
        assertEquals(List.of(0L, 1L, 0L), List.of(waiting.cache.hits.sum(), waiting.cache.waitingHits.sum(),
                waiting.cache.misses.sum()));
        assertEquals(Verdict.Kind.NOT_PROVEN, waiting.verdicts.get(0).kind(), waiting.verdicts::toString);
        assertEquals(Set.of(CALLEE), waiting.plan.waitingFor());
        assertEquals(Set.of(), waiting.plan.dependsOn());
        assertEquals(0, waiting.cache.written.sum(), "an answer made while waiting is never kept");
    }

    @Test
    void theSameMethodRewrittenOtherwiseBeforeTheAnalysisMisses() {
        run(context("v1"));
        Run again = run(context("v1"), m -> m.maxLocals += 1); // e.g. a factory call pooled this time
        assertEquals(0, again.cache.hits.sum());
    }

    static Stream<Arguments> damage() {
        return Stream.of(
                Arguments.of("truncated", (UnaryOperator<byte[]>) b -> java.util.Arrays.copyOf(b, b.length / 2)),
                Arguments.of("one byte flipped", (UnaryOperator<byte[]>) b -> {
                    b[b.length / 2] ^= 0x40;
                    return b;
                }),
                Arguments.of("empty", (UnaryOperator<byte[]>) b -> new byte[0]),
                Arguments.of("garbage appended", (UnaryOperator<byte[]>) b -> {
                    byte[] longer = java.util.Arrays.copyOf(b, b.length + 3);
                    longer[b.length] = 1;
                    return longer;
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damage")
    void aDamagedEntryIsIgnoredAndRecomputed(String what, UnaryOperator<byte[]> damage) throws IOException {
        Run cold = run(context("v1"));
        Path entry = onlyEntry();
        Files.write(entry, damage.apply(Files.readAllBytes(entry)));

        Run recomputed = run(context("v1"));
        assertEquals(0, recomputed.cache.hits.sum(), what);
        assertEquals(1, recomputed.cache.ignored.sum(), what);
        assertEquals(cold.verdicts, recomputed.verdicts, what);
        assertEquals(1, recomputed.cache.written.sum(), "the entry is written again whole");
        assertEquals(1, run(context("v1")).cache.hits.sum());
    }

    @Test
    void anEntryUnderAnotherEntrysNameIsIgnored() throws IOException {
        run(context("v1"));
        Path first = onlyEntry();
        classes = with(classes, CALLER);
        run(context("v1"));
        Path second;
        try (Stream<Path> files = Files.list(dir)) {
            second = files.filter(p -> !p.equals(first)).findFirst().orElseThrow();
        }
        Files.copy(first, second, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Run again = run(context("v1"));
        assertEquals(0, again.cache.hits.sum());
        assertEquals(1, again.cache.ignored.sum());
    }

    /**
     * A class's entries are read once per run: a second rewrite of the class (a relink) is answered from what the
     * first read, without the file, and a class with no entry at the directory's one listing opens nothing.
     */
    @Test
    void aClassEntryIsReadOncePerRun() throws IOException {
        run(context("v1"));
        VerdictCache cache = new VerdictCache(dir, context("v1"));
        assertEquals(1, run(cache, m -> { }).cache.hits.sum());
        Files.delete(onlyEntry());
        assertEquals(2, run(cache, m -> { }).cache.hits.sum(), "the relink reads no file");

        VerdictCache listedEmpty = new VerdictCache(dir, context("v1"));
        assertFalse(listedEmpty.mayHold("none"));
        run(context("v1")); // another JVM writes the entry after this one listed the directory
        Run missed = run(listedEmpty, m -> { });
        assertEquals(List.of(0L, 1L, 0L), List.of(missed.cache.hits.sum(), missed.cache.misses.sum(),
                missed.cache.ignored.sum()), "not seen until the next run, never read half");
        assertEquals(1, run(context("v1")).cache.hits.sum());
    }

    /**
     * JVMs sharing the directory rewrite one entry at once while others read it (each sees the method rewritten
     * otherwise, so each misses the other's plan and writes its own): every reader sees a whole entry or none, never
     * a half-written one it must ignore, and no temporary file is left.
     */
    @Test
    void concurrentWritersAndReadersSeeWholeEntriesOnly() throws Exception {
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<long[]>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int extraLocals = t % 2;
                counts.add(pool.submit(() -> {
                    long[] sum = new long[2];
                    for (int i = 0; i < 40; i++) {
                        Run r = run(context("v1"), m -> m.maxLocals += extraLocals);
                        sum[0] += r.cache.ignored.sum();
                        sum[1] += r.cache.written.sum();
                    }
                    return sum;
                }));
            }
            long written = 0;
            for (java.util.concurrent.Future<long[]> f : counts) {
                long[] sum = f.get();
                assertEquals(0L, sum[0], "a reader saw a half-written entry");
                written += sum[1];
            }
            assertTrue(written > 1, "the writers overlapped: " + written);
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all::toString);
        }
        Run after = run(context("v1"));
        assertEquals(0, after.cache.ignored.sum());
    }

    @Test
    void entriesAreOwnerOnlyFilesAndNoTemporaryFileIsLeft() throws IOException {
        run(context("v1"));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all::toString);
            assertTrue(all.get(0).getFileName().toString().endsWith(".plans"));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(all.get(0))));
        }
    }

    @Test
    void aMissingDirectoryIsCreatedOwnerOnly() throws IOException {
        Path fresh = tmp.resolve("fresh");
        List<String> lines = new ArrayList<>();
        assertNotNull(VerdictCache.open(fresh, "r", "s", lines::add));
        assertEquals(List.of(), lines);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
    }

    @Test
    void aMissingParentIsNamedAndNothingIsMade() {
        Path deep = tmp.resolve("no-such-parent").resolve("cache");
        assertOff(deep, "cannot be made: its parent directory " + deep.getParent() + " does not exist");
        assertFalse(Files.exists(deep.getParent()));
    }

    @Test
    void aDirectoryOthersMayReadOrWriteTurnsTheCacheOffWithOneLine() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertOff(dir, "has permissions rwxr-xr-x");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx-w----"));
        assertOff(dir, "has permissions rwx-w----");
    }

    @Test
    void aSymbolicLinkIsNotFollowed() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("link"), dir);
        assertOff(link, "is a symbolic link");
    }

    @Test
    void aFileIsNotADirectory() throws IOException {
        assertOff(Files.createFile(tmp.resolve("file")), "is not a directory");
    }

    @Test
    void aDirectoryOwnedBySomeoneElseTurnsTheCacheOff() throws IOException {
        UserPrincipal nobody;
        try {
            nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(dir, nobody);
        } catch (IOException | UnsupportedOperationException e) {
            nobody = null; // only root may give a directory away
        }
        assumeTrue(nobody != null, "needs permission to change a directory's owner");
        assertOff(dir, "is owned by nobody");
    }

    private void assertOff(Path where, String why) {
        List<String> lines = new ArrayList<>();
        assertNull(VerdictCache.open(where, "r", "s", lines::add));
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains(why) && lines.get(0).contains("the verdict cache is off"), lines.get(0));
    }

    private Path onlyEntry() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".plans")).findFirst().orElseThrow();
        }
    }

    /** The key's inputs apart from the class: one of them changed per variant. */
    private static byte[] context(String variant) {
        return VerdictCache.context(variant.equals("rules") ? "arrays com.acme.** min-bytes=1" : "arrays com.acme.**",
                variant.equals("settings") ? "leak=full\n" : "leak=off\n", variant.equals("v2") ? "v2" : "v1",
                variant.equals("jdk") ? 21 : 17);
    }

    private record Run(VerdictCache cache, List<Verdict> verdicts, EscapeAnalysis.MethodPlan plan) {}

    private Run run(byte[] context) {
        return run(context, m -> { });
    }

    /** One rewrite of the caller as the agent does it: a fresh cache object over the same directory each time. */
    private Run run(byte[] context, java.util.function.Consumer<MethodNode> before) {
        return run(new VerdictCache(dir, context), before);
    }

    private Run run(VerdictCache cache, java.util.function.Consumer<MethodNode> before) {
        byte[] callerBytes = classes.get(CALLER);
        ClassPlans plans = cache.forClass(CALLER, callerBytes, () -> 1);
        EscapeAnalysis analysis = new EscapeAnalysis(RULES, codeBase(Map.copyOf(classes)), new SummaryCache(), plans);
        ClassNode node = new ClassNode();
        new ClassReader(callerBytes).accept(node, 0);
        MethodNode scratch = node.methods.stream().filter(m -> m.name.equals("scratch")).findFirst().orElseThrow();
        before.accept(scratch);
        EscapeAnalysis.MethodPlan plan = analysis.allocationPlan(CALLER, node.sourceFile, scratch,
                insn -> insn.getOpcode() == Opcodes.MULTIANEWARRAY);
        plans.save();
        return new Run(cache, plan.plans().stream().map(BorrowPlan::verdict).toList(), plan);
    }

    /** Every class of the map counts as linked by loader 1, with these bytes; any other name is unknown. */
    private static CodeBase codeBase(Map<String, byte[]> linked) {
        return new CodeBase() {
            @Override
            public long loader() {
                return 1;
            }

            @Override
            public Lookup find(String internalName) {
                byte[] bytes = linked.get(internalName);
                return bytes == null ? new Unknown("is not linked yet", true)
                        : new Known(new ClassKey(1, internalName), bytes, this);
            }
        };
    }

    /** The same class with one more field: other bytes, the same code. */
    private static Map<String, byte[]> with(Map<String, byte[]> classes, String changed) {
        ClassNode node = new ClassNode();
        new ClassReader(classes.get(changed)).accept(node, 0);
        node.fields.add(new FieldNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, "changed", "I", null, null));
        ClassWriter w = new ClassWriter(0);
        node.accept(w);
        Map<String, byte[]> copy = new HashMap<>(classes);
        copy.put(changed, w.toByteArray());
        return copy;
    }

    private static Map<String, byte[]> without(Map<String, byte[]> classes, String gone) {
        Map<String, byte[]> copy = new HashMap<>(classes);
        copy.remove(gone);
        return copy;
    }
}
