package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.agent.config.Settings;
import dev.autopool.agent.rewrite.RecordingRuntime.Call;
import dev.autopool.agent.rewrite.fixture.autorelease.Decomposition;
import dev.autopool.agent.rewrite.fixture.autorelease.LoopScratch;
import dev.autopool.agent.rewrite.fixture.autorelease.Scratch;
import dev.autopool.runtime.settings.Setting;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/** Automatic release in the agent's rewrite pipeline: after the factory, release and arrays rewrites. */
class AutoReleaseRewriteTest {
    private static final String FACTORY = "factory " + Scratch.class.getName() + "#make(int,int,int)";
    private static final String RELEASE = "release " + Scratch.class.getName() + "#free(java.lang.Object)";
    private static final String ARRAYS = "arrays " + Scratch.class.getPackageName() + ".* min-bytes=16";

    @Test
    void aLocalBorrowGoesHomeOnceUnderItsOwnAutoReleaseSite() throws Exception {
        Rewriting r = new Rewriting(Rewrites.forSettings(Settings.NONE, TestFactories.CLASS_PATH), FACTORY);
        r.rewrite(Scratch.class);
        assertEquals(3f, r.load(Scratch.class).getMethod("local", int.class).invoke(null, 3));

        List<Call> calls = RecordingRuntime.CALLS;
        assertEquals(List.of("float3d", "release"), calls.stream().map(Call::method).toList());
        assertSame(calls.get(0).array(), calls.get(1).array());
        SiteInfo release = r.sites.get(calls.get(1).site());
        assertEquals("auto-release", release.rule());
        assertTrue(release.action().startsWith("release (automatic)"), release::toString);
        assertEquals("released where it dies: at every exit and before it is borrowed again",
                verdictOfBorrowIn(r, "local"));
    }

    @Test
    void aBufferTheAppReleasesGoesHomeOnlyThroughTheApp() throws Exception {
        Rewriting r = new Rewriting(Rewrites.forSettings(Settings.NONE, TestFactories.CLASS_PATH), FACTORY, RELEASE);
        r.rewrite(Scratch.class);
        r.load(Scratch.class).getMethod("freed", int.class).invoke(null, 3);

        // The release rule's call names the loan of the one borrow its value comes from (see LoanGenerationsTest).
        assertEquals(List.of("float3d", "releaseLoan"), RecordingRuntime.CALLS.stream().map(Call::method).toList());
        assertTrue(verdictOfBorrowIn(r, "freed").startsWith("released by the app: handed to a release method"));
    }

    @Test
    void anEscapingBorrowIsNeverReleasedAndAuditSaysWhy() throws Exception {
        Rewriting r = new Rewriting(Rewrites.forSettings(Settings.NONE, TestFactories.CLASS_PATH), FACTORY);
        r.rewrite(Scratch.class);
        r.load(Scratch.class).getMethod("escapes", int.class).invoke(null, 3);

        assertEquals(List.of("float3d"), RecordingRuntime.CALLS.stream().map(Call::method).toList());
        assertEquals("escapes: stored to static field `Scratch.kept` at Scratch.java:32", verdictOfBorrowIn(r, "escapes"));
    }

    @Test
    void anArraysRulePoolsANewThatAutomaticReleaseBringsHomeAndLeavesTheOtherPlain() throws Exception {
        Rewriting r = new Rewriting(Rewrites.forSettings(Settings.NONE, TestFactories.CLASS_PATH), ARRAYS);
        r.rewrite(Scratch.class);
        Class<?> scratch = r.load(Scratch.class);
        scratch.getMethod("newScratch", int.class).invoke(null, 3);
        scratch.getMethod("newKept", int.class).invoke(scratch.getConstructor().newInstance(), 3);

        assertEquals(List.of("float3d", "release"), RecordingRuntime.CALLS.stream().map(Call::method).toList());
        assertSame(RecordingRuntime.CALLS.get(0).array(), RecordingRuntime.CALLS.get(1).array());
    }

    @Test
    void aNewWhoseEarlierArraysAreStillInUseWhenItRunsAgainStaysPlain() throws Exception {
        Rewriting r = new Rewriting(Rewrites.forSettings(Settings.NONE, TestFactories.CLASS_PATH), ARRAYS);
        r.rewrite(Scratch.class);
        Class<?> scratch = r.load(Scratch.class);
        assertEquals(Scratch.newDoubleBuffer(5), scratch.getMethod("newDoubleBuffer", int.class).invoke(null, 5));

        // Only the last array would come home: the other four would be misses and leak reports.
        assertEquals(List.of(), RecordingRuntime.CALLS.stream().map(Call::method).toList());
    }

    @Test
    void aScratchArrayMadeAfterTheSuperCallOfAConstructorComesHome() throws Exception {
        // Before, every new in a constructor stayed plain ("borrowed in a constructor, where the agent adds no
        // release"); numeric libraries do their decompositions in constructors.
        Rewriting r = new Rewriting(Rewrites.forSettings(Settings.NONE, TestFactories.CLASS_PATH), ARRAYS);
        r.rewrite(Decomposition.class);
        assertNull(r.rewrite(Decomposition.Branchy.class), "a branch before super(...): nothing is pooled there");
        Class<?> loaded = r.load(Decomposition.class); // verified by the JVM, handler and hidden locals included

        Object one = loaded.getConstructor(int.class).newInstance(64);
        assertEquals(new Decomposition(64).result, loaded.getField("result").get(one));
        assertEquals(List.of("float1dAtLeast", "releaseIfBorrowed"),
                RecordingRuntime.CALLS.stream().map(Call::method).toList());
        RecordingRuntime.reset();
        Object looped = loaded.getConstructor(double.class, int.class).newInstance(1.5, 8);
        assertEquals(new Decomposition(1.5, 8).result, loaded.getField("result").get(looped));
        assertEquals(List.of("float1dAtLeast", "releaseIfBorrowed", "float1dAtLeast", "releaseIfBorrowed",
                "float1dAtLeast", "releaseIfBorrowed"), RecordingRuntime.CALLS.stream().map(Call::method).toList());

    }

    @ParameterizedTest(name = "class file version {0}")
    @ValueSource(ints = {Opcodes.V1_1, Opcodes.V1_4, Opcodes.V1_5})
    void aClassFileOlderThanJava6GetsItsReleasesWithoutStackMapFrames(int version) throws Exception {
        // Before Java 6 the JVM infers the types itself: the inserted handler needs no frame (and the class file
        // may have none). Before, such classes kept every new plain (commons-math3 is a Java 5 class file).
        Rewriting r = new Rewriting(Rewrites.forSettings(Settings.NONE, TestFactories.CLASS_PATH), ARRAYS);
        byte[] old = GeneratedClasses.withVersion(Rewriting.bytesOf(LoopScratch.class), version);
        ClassRewriter.Result result = r.rewrite(LoopScratch.class.getName(), old);
        assertEquals(version & 0xFFFF, new ClassReader(result.classFile()).readUnsignedShort(6), "the version stays");
        assertFalse(GeneratedClasses.hasStackMapFrames(result.classFile()));
        Class<?> loaded = r.load(LoopScratch.class); // verified by the JVM's type-inferring verifier

        assertEquals(LoopScratch.loop(5), loaded.getMethod("loop", int.class).invoke(null, 5));
        assertEquals(List.of("float3d", "release", "float3d", "release", "float3d", "release", "float3d", "release",
                "float3d", "release"), RecordingRuntime.CALLS.stream().map(Call::method).toList());
        RecordingRuntime.reset();
        assertEquals(LoopScratch.caught(70), loaded.getMethod("caught", int.class).invoke(null, 70));
        assertEquals(LoopScratch.caught(3), loaded.getMethod("caught", int.class).invoke(null, 3));
        assertEquals(List.of("float1d", "release", "float1d", "release"),
                RecordingRuntime.CALLS.stream().map(Call::method).toList());
    }

    @Test
    void turnedOffNothingIsReleasedAndNoNewIsPooled() throws Exception {
        Rewriting r = new Rewriting(Rewrites.forSettings(Settings.NONE.with(Setting.AUTO_RELEASE, "off"), TestFactories.CLASS_PATH), FACTORY,
                ARRAYS);
        r.rewrite(Scratch.class);
        Class<?> scratch = r.load(Scratch.class);
        scratch.getMethod("local", int.class).invoke(null, 3);
        scratch.getMethod("newScratch", int.class).invoke(null, 3);

        assertEquals(List.of("float3d"), RecordingRuntime.CALLS.stream().map(Call::method).toList());
    }

    private static String verdictOfBorrowIn(Rewriting r, String method) {
        return r.sites.stream().filter(s -> s.method().equals(method) && s.action().startsWith("borrow"))
                .findFirst().orElseThrow().verdict();
    }
}
