package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.agent.rewrite.fixture.owned.Handles;
import dev.autopool.agent.rewrite.fixture.owned.Img;
import dev.autopool.agent.rewrite.fixture.owned.Keeper;
import dev.autopool.agent.rewrite.fixture.owned.LocalReader;
import dev.autopool.agent.rewrite.fixture.owned.MixedReader;
import dev.autopool.agent.rewrite.fixture.owned.Stats;
import dev.autopool.agent.rewrite.fixture.owned.Summer;
import dev.autopool.agent.config.Settings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code owned} rules: a field fit to be owned gets its stores bound to the owner and every read fenced; a field
 * anything could keep past its owner stays plain with the reason, and a keeper found after the owner withdraws it.
 */
class OwnedFieldRewriteTest {
    private static final String PKG = "dev.autopool.agent.rewrite.fixture.owned.";

    @Test
    void storesAreBoundToTheOwnerAndLocalReadsAreFenced() throws Exception {
        Rewriting r = new Rewriting("owned " + PKG + "Img#px min-bytes=1k");
        r.rewrite(Img.class);
        r.rewrite(LocalReader.class);

        assertEquals(List.of(), r.log);
        assertEquals(2, r.sites.stream().filter(s -> s.action().equals("borrow (owned) float[][] (run-time size)")).count(), r.sites::toString);
        assertTrue(fences(r.rewrite(LocalReader.class)) > 0, "the getter's caller keeps the owner reachable");
        RecordingRuntime.reset();
        Object result = r.load(LocalReader.class).getMethod("first", int.class, int.class).invoke(null, 16, 64);

        assertEquals(19.0f, result);
        List<String> calls = RecordingRuntime.CALLS.stream().map(RecordingRuntime.Call::method).toList();
        assertEquals(List.of("float2d", "ownedStore"), calls);
        assertTrue(RecordingRuntime.CALLS.get(1).site() >= 0, "the store binds the borrow it follows");
    }

    @Test
    void fencesAndTheAutomaticReleaseShareAMethodAndItStillVerifiesAndRuns() throws Exception {
        Rewriting r = new Rewriting(Rewrites.forSettings(Settings.NONE, TestFactories.CLASS_PATH),
                "owned " + PKG + "Img#px min-bytes=1k", "arrays " + PKG + "MixedReader min-bytes=4");
        r.rewrite(Img.class);
        assertTrue(fences(r.rewrite(MixedReader.class)) > 0, "the getter's value is used locally: fenced");
        RecordingRuntime.reset();
        Class<?> reader = r.load(MixedReader.class);
        Class<?> img = Class.forName(Img.class.getName(), true, reader.getClassLoader());
        Object imgs = java.lang.reflect.Array.newInstance(img, 3);
        for (int i = 0; i < 3; i++) {
            java.lang.reflect.Array.set(imgs, i, img.getConstructor(int.class, int.class).newInstance(2, 300));
        }
        Object total = reader.getMethod("mixed", imgs.getClass(), int.class).invoke(null, imgs, 8);

        assertEquals(3.0f, total);
        List<String> calls = RecordingRuntime.CALLS.stream().map(RecordingRuntime.Call::method).toList();
        assertEquals(3, calls.stream().filter("releaseIfBorrowed"::equals).count(), calls::toString);
    }

    @Test
    void aReadInTheOwnersOwnMethodIsFencedToo() {
        Rewriting r = new Rewriting("owned " + PKG + "Img#px min-bytes=1k");
        assertTrue(fences(r.rewrite(Img.class)) > 0, "Img.sum() reads px in a loop: fenced");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NotFinal          | NotFinal is not final: a subclass may be Cloneable (Object.clone copies the field)",
            "ReadInConstructor | field px is read in constructor ReadInConstructor.<init>(), where no fence is inserted",
            "Returned          | a read of field px in Returned.maybe() escapes: returned at Returned.java:8",
            "Nested            | Nested has nestmates (nested or enclosing classes), which read its private fields"
                    + " directly",
            "Written           | Written is Serializable: serialization reads its fields unseen, and a stream keeps"
                    + " every array it wrote",
            "Peeked            | Peeked calls MethodHandles.lookup in Peeked.handle(), which may read or write its"
                    + " private fields unseen (a VarHandle, MethodHandle or Field)"})
    void aFieldSomethingCouldKeepStaysPlainAndTheRuleSaysWhy(String name, String why) throws Exception {
        Rewriting r = new Rewriting("owned " + PKG + name + "#px min-bytes=1k");
        r.rewrite(PKG + name, Rewriting.bytesOf(Class.forName(PKG + name)));

        assertEquals(List.of("autopool RULE test.conf:1: owned " + PKG + name + "#px: stays plain: " + why), r.log);
        assertTrue(r.sites.stream().noneMatch(s -> s.action().startsWith("borrow")), r.sites::toString);
    }

    @Test
    void aKeeperSeenBeforeTheOwnerGetsTheRuleRefusedWithItsName() {
        Rewriting r = new Rewriting("owned " + PKG + "Img#px min-bytes=1k");
        r.rewrite(Keeper.class);
        r.rewrite(Img.class);

        assertEquals(List.of("autopool RULE test.conf:1: owned " + PKG + "Img#px: stays plain: Keeper.keep() at"
                + " Keeper.java:10 keeps the value of Img.pixels(): stored to static field `Keeper.kept` at"
                + " Keeper.java:10, in a class loaded before Img"), r.log);
        assertTrue(r.sites.stream().noneMatch(s -> s.action().startsWith("borrow")), r.sites::toString);
    }

    @Test
    void aValuePassedToAnotherClassIsKeptAndTheReasonSaysWhyRatherThanBlameAClassFile() {
        Rewriting r = new Rewriting("owned " + PKG + "Img#px min-bytes=1k");
        r.rewrite(Stats.class);
        r.rewrite(Summer.class);
        r.rewrite(Img.class);

        assertEquals(List.of("autopool RULE test.conf:1: owned " + PKG + "Img#px: stays plain: Summer.sum() at"
                + " Summer.java:8 keeps the value of Img.pixels(): passed to Stats.total at Summer.java:8, which is"
                + " in " + PKG + "Stats, which this check does not follow (an owned field's readers are judged on"
                + " their own class's bytes alone), in a class loaded before Img"), r.log);
    }

    @Test
    void aMethodHandleToTheGetterIsAKeeper() {
        Rewriting r = new Rewriting("owned " + PKG + "Img#px min-bytes=1k");
        r.rewrite(Handles.class);
        r.rewrite(Img.class);

        assertEquals(List.of("autopool RULE test.conf:1: owned " + PKG + "Img#px: stays plain: Handles.getter() at"
                + " Handles.java:10 takes a method handle to Img.pixels, in a class loaded before Img"), r.log);
    }

    @Test
    void aKeeperLoadedAfterTheOwnerWithdrawsTheRuleInItsLoadCallback() {
        Rewriting r = new Rewriting("owned " + PKG + "Img#px min-bytes=1k");
        r.rewrite(Img.class);
        r.rewrite(Keeper.class);

        assertEquals(List.of("autopool RULE test.conf:1: owned " + PKG + "Img#px: no buffer goes home from now on:"
                + " Keeper.keep() at Keeper.java:10 keeps the value of Img.pixels(): stored to static field"
                + " `Keeper.kept` at Keeper.java:10 (in the load callback of " + PKG + "Keeper, before its code"
                + " runs)"), r.log);
    }

    /** How many {@code Reference.reachabilityFence} calls the rewritten class file holds. */
    private static int fences(ClassRewriter.Result result) {
        String text = new String(result.classFile(), StandardCharsets.ISO_8859_1);
        int n = 0;
        for (int i = text.indexOf("reachabilityFence"); i >= 0; i = text.indexOf("reachabilityFence", i + 1)) n++;
        return n;
    }
}
