package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autopool.agent.rewrite.fixture.CapturingJobs;
import dev.autopool.agent.rewrite.fixture.ChainedFrame;
import dev.autopool.agent.rewrite.fixture.ClearingFrame;
import dev.autopool.agent.rewrite.fixture.DenseLayer;
import dev.autopool.agent.rewrite.fixture.Frame;
import dev.autopool.agent.rewrite.fixture.Layer;
import dev.autopool.agent.rewrite.fixture.OwnRuleLayer;
import dev.autopool.agent.rewrite.fixture.ResizingFrame;
import dev.autopool.agent.rewrite.fixture.Shapes;
import dev.autopool.agent.config.Settings;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a lifecycle method returns, the object's primitive-array fields are offered back; the fields stay. */
class LifecycleRewriteTest {
    private static final String RULE = "lifecycle " + Frame.class.getName() + "#close()";

    @Test
    void everyNormalReturnOffersEachArrayFieldBack() throws Exception {
        Rewriting r = new Rewriting(RULE);
        r.rewrite(Frame.class);
        Class<?> frameClass = r.load(Frame.class);
        Object frame = frameClass.getConstructor().newInstance();
        Object planes = frameClass.getField("planes").get(frame);
        Object counts = frameClass.getField("counts").get(frame);
        RecordingRuntime.reset();

        frameClass.getMethod("close").invoke(frame);
        assertEquals(List.of("closing", "closing", "releaseFrom", "releaseFrom"),
                RecordingRuntime.CALLS.stream().map(RecordingRuntime.Call::method).toList());
        assertSame(planes, RecordingRuntime.CALLS.get(2).array());
        assertSame(counts, RecordingRuntime.CALLS.get(3).array());
        assertEquals(RecordingRuntime.CALLS.get(0).shape(), RecordingRuntime.CALLS.get(2).shape(),
                "the holder is the closing object, and the loan is the one closing() found");
        assertTrue(RecordingRuntime.CALLS.get(2).shape().startsWith("Frame loan "));
        assertSame(planes, frameClass.getField("planes").get(frame), "field values are left as they were");

        frameClass.getMethod("close").invoke(frame); // the early return is an exit too
        assertEquals(8, RecordingRuntime.CALLS.size());
        assertEquals(List.of("release field planes", "release field counts"),
                r.sites.stream().map(SiteInfo::action).sorted(java.util.Comparator.reverseOrder()).toList());
        assertEquals(List.of("Frame.java"), r.sites.stream().map(SiteInfo::file).distinct().toList());
        assertEquals(true, r.sites.stream().allMatch(s -> s.line() > 0), r.sites::toString);
    }

    @Test
    void theConstructorAndEveryStoreIntoAReleasedFieldBindTheLoanToTheObject() throws Exception {
        Rewriting r = new Rewriting(RULE);
        r.rewrite(Frame.class);
        Class<?> frameClass = r.load(Frame.class);
        Object frame = frameClass.getConstructor().newInstance();
        Object planes = frameClass.getField("planes").get(frame);
        Object counts = frameClass.getField("counts").get(frame);

        // Each store after super() names what it replaces (nothing here), and the return binds the fields.
        assertEquals(List.of("storedOver", "storedOver", "stored", "stored"), RecordingRuntime.CALLS.stream()
                .map(RecordingRuntime.Call::method).filter(m -> !m.equals("float2d")).toList());
        assertEquals(java.util.Arrays.asList(null, null), RecordingRuntime.STORED_OVER);
        assertEquals(java.util.Set.of(planes, counts), RecordingRuntime.CALLS.stream()
                .filter(c -> c.method().equals("stored")).map(RecordingRuntime.Call::array)
                .collect(java.util.stream.Collectors.toSet()));
        RecordingRuntime.reset();

        float[][] other = new float[2][2];
        frameClass.getMethod("replacePlanes", float[][].class).invoke(frame, (Object) other);
        assertEquals(1, RecordingRuntime.CALLS.size());
        // A store into this object outside a constructor names the array it replaces: that one is the app's to
        // drop, left to the GC without a leak report.
        assertEquals("storedOver", RecordingRuntime.CALLS.get(0).method());
        assertSame(other, RecordingRuntime.CALLS.get(0).array());
        assertEquals(1, RecordingRuntime.STORED_OVER.size());
        assertSame(planes, RecordingRuntime.STORED_OVER.get(0));
        assertSame(other, frameClass.getField("planes").get(frame), "the store itself still happens");
    }

    @Test
    void aConstructorStoringOverAnEarlierStoreOfTheSameConstructionNamesTheArrayItReplaces() throws Exception {
        Rewriting r = new Rewriting("lifecycle " + ChainedFrame.class.getName() + "#close()");
        r.rewrite(ChainedFrame.class);
        Class<?> frameClass = r.load(ChainedFrame.class);
        RecordingRuntime.reset();

        Object chained = frameClass.getConstructor(int.class).newInstance(4);
        // this(n, 0) stored one buffer (over nothing, and bound it at its return); the store after it replaces it.
        assertEquals(2, RecordingRuntime.STORED_OVER.size(), RecordingRuntime.CALLS::toString);
        assertNull(RecordingRuntime.STORED_OVER.get(0));
        float[][] first = (float[][]) RecordingRuntime.STORED_OVER.get(1);
        assertEquals(2, first[0].length, "the chained constructor's buffer is the one stored over");
        Object planes = frameClass.getField("planes").get(chained);
        assertEquals(List.of(planes), RecordingRuntime.CALLS.stream().filter(c -> c.method().equals("stored"))
                .map(RecordingRuntime.Call::array).distinct().filter(a -> a != first).toList(),
                "the final buffer is bound at the return");
        RecordingRuntime.reset();

        frameClass.getConstructor(boolean.class).newInstance(true);
        assertEquals(2, RecordingRuntime.STORED_OVER.size(), RecordingRuntime.CALLS::toString);
        assertNull(RecordingRuntime.STORED_OVER.get(0), "the first store replaced nothing");
        assertEquals(2, ((float[][]) RecordingRuntime.STORED_OVER.get(1)).length);
        RecordingRuntime.reset();

        frameClass.getConstructor(boolean.class).newInstance(false);
        assertEquals(1, RecordingRuntime.STORED_OVER.size());
        assertNull(RecordingRuntime.STORED_OVER.get(0));
    }

    @Test
    void whatTheFieldsHeldOnEntryIsReleasedEvenIfTheMethodClearsOrReplacesThem() throws Exception {
        Rewriting r = new Rewriting("lifecycle " + ClearingFrame.class.getName() + "#close()",
                "lifecycle " + ClearingFrame.class.getName() + "#dispose()");
        r.rewrite(ClearingFrame.class);
        Class<?> frameClass = r.load(ClearingFrame.class);
        Object frame = frameClass.getConstructor().newInstance();
        Object planes = frameClass.getField("planes").get(frame);
        Object counts = frameClass.getField("counts").get(frame);
        RecordingRuntime.reset();

        frameClass.getMethod("close").invoke(frame);

        List<RecordingRuntime.Call> released = RecordingRuntime.CALLS.stream()
                .filter(c -> c.method().equals("releaseFrom")).toList();
        assertEquals(2, released.size(), RecordingRuntime.CALLS::toString);
        assertSame(planes, released.get(0).array(), "the cleared field's array goes back");
        assertSame(counts, released.get(1).array(), "the replaced field's old array goes back, not the new one");
        assertNull(frameClass.getField("planes").get(frame));
        assertNotSame(counts, frameClass.getField("counts").get(frame));

        RecordingRuntime.reset();
        frameClass.getMethod("dispose").invoke(frame);
        // dispose() and the close() it runs each offer back what the fields held when each started; the runtime
        // releases a loan once and a nested close is no repeated one (RepeatedCloseTest).
        assertEquals(List.of("closing", "closing", "closing", "closing", "releaseFrom", "releaseFrom",
                        "releaseFrom", "releaseFrom"),
                RecordingRuntime.CALLS.stream().map(RecordingRuntime.Call::method).toList());
    }

    @Test
    void aDirectSubclassBindsWhatItStoresIntoTheFieldsItInherits() throws Exception {
        Rewriting r = new Rewriting("lifecycle " + Layer.class.getName() + "#close()");
        r.rewrite(Layer.class);
        r.rewrite(DenseLayer.class);
        Class<?> dense = r.load(DenseLayer.class);
        RecordingRuntime.reset();

        Object layer = dense.getConstructor().newInstance();
        java.lang.reflect.Field weights = dense.getSuperclass().getDeclaredField("weights");
        weights.setAccessible(true);
        Object w = weights.get(layer);
        assertTrue(RecordingRuntime.CALLS.stream().anyMatch(c -> c.method().equals("stored") && c.array() == w
                && c.shape().equals("DenseLayer")), "the subclass constructor binds its store to the object");

        RecordingRuntime.reset();
        float[][] other = new float[2][2];
        dense.getMethod("reload", float[][].class).invoke(layer, (Object) other);
        assertEquals(1, RecordingRuntime.CALLS.size(), RecordingRuntime.CALLS::toString);
        assertSame(other, RecordingRuntime.CALLS.get(0).array());
        // A resize in the subclass is the app's to drop, as one in the lifecycle class is: not a leak.
        assertEquals(List.of("storedOver"), RecordingRuntime.CALLS.stream().map(RecordingRuntime.Call::method).toList());
        assertEquals(1, RecordingRuntime.STORED_OVER.size());
        assertSame(w, RecordingRuntime.STORED_OVER.get(0), "the buffer the constructor stored is the one replaced");

        RecordingRuntime.reset();
        dense.getMethod("close").invoke(layer);
        assertEquals(List.of("closing", "releaseFrom"),
                RecordingRuntime.CALLS.stream().map(RecordingRuntime.Call::method).toList());
        assertSame(other, RecordingRuntime.CALLS.get(1).array(), "the inherited close offers the field back");
    }

    @Test
    void aSubclassWithALifecycleRuleOfItsOwnBindsWhatItStoresIntoTheFieldsItInherits() throws Exception {
        Rewriting r = new Rewriting("lifecycle " + Layer.class.getName() + "#close()",
                "lifecycle " + OwnRuleLayer.class.getName() + "#close()");
        r.rewrite(Layer.class);
        r.rewrite(OwnRuleLayer.class);
        Class<?> own = r.load(OwnRuleLayer.class);
        RecordingRuntime.reset();

        Object layer = own.getConstructor().newInstance();
        java.lang.reflect.Field weights = own.getSuperclass().getDeclaredField("weights");
        weights.setAccessible(true);
        Object w = weights.get(layer);
        assertTrue(RecordingRuntime.CALLS.stream().anyMatch(c -> c.method().equals("stored") && c.array() == w),
                "the constructor binds its store into the inherited field: " + RecordingRuntime.CALLS);

        RecordingRuntime.reset();
        float[][] other = new float[2][2];
        own.getMethod("reload", float[][].class).invoke(layer, (Object) other);
        assertEquals(List.of("storedOver"), RecordingRuntime.CALLS.stream().map(RecordingRuntime.Call::method).toList());
        assertSame(other, RecordingRuntime.CALLS.get(0).array());
        assertSame(w, RecordingRuntime.STORED_OVER.get(0));
    }

    @Test
    void aCapturedArrayInALocalClassIsTheEnclosingMethodsNotTheObjectsToGiveBack() throws Exception {
        String job = CapturingJobs.class.getName() + "$1Job";
        Rewriting r = new Rewriting("lifecycle " + job + "#close()");
        r.rewrite(job, Rewriting.bytesOf(Class.forName(job)));

        // Only the field the class declares is released; javac's val$input holds the caller's array, which the
        // caller still reads after close() (released, the pool would lend it to the next borrower meanwhile).
        assertEquals(List.of("release field out"), r.sites.stream().map(SiteInfo::action)
                .filter(a -> a.startsWith("release")).toList());
    }

    @Test
    void aStoreBeforeSuperIsBoundRightAfterItSoAStoreOverItIsNoLeak() throws Exception {
        String name = "dev.autopool.agent.rewrite.fixture.EarlyFrame";
        Rewriting r = new Rewriting("lifecycle " + name + "#close()");
        r.rewrite(name, GeneratedClasses.withEarlyStore(name.replace('.', '/')));
        Class<?> early = r.load(name);
        RecordingRuntime.reset();

        Object frame = early.getConstructor(int.class).newInstance(2);
        List<RecordingRuntime.Call> binds = RecordingRuntime.CALLS.stream()
                .filter(c -> c.method().startsWith("stored")).toList();
        assertEquals(List.of("stored", "storedOver", "stored"),
                binds.stream().map(RecordingRuntime.Call::method).toList());
        float[][] first = (float[][]) binds.get(0).array();
        assertEquals(2, first.length, "the store before super() is bound right after that call");
        assertSame(first, RecordingRuntime.STORED_OVER.get(0), "and named as replaced by the store after it");
        assertSame(early.getField("planes").get(frame), binds.get(2).array());
    }

    @Test
    void aBorrowStoredIntoALifecycleFieldEscapesByThatStoreNotByTheBindingCall() {
        Rewriting r = new Rewriting(Rewrites.forSettings(Settings.NONE, TestFactories.CLASS_PATH),
                "factory " + Shapes.class.getName() + "#float2d(int,int)",
                "lifecycle " + ResizingFrame.class.getName() + "#close()");
        r.rewrite(ResizingFrame.class);

        String verdict = r.sites.stream().filter(s -> s.method().equals("resize") && s.action().startsWith("borrow"))
                .findFirst().orElseThrow().verdict();
        assertEquals("escapes: stored to field `ResizingFrame.planes` at ResizingFrame.java:8", verdict);
    }

    @Test
    void anArraysNewStoredInsideTheLifecycleMethodStaysPlain() {
        Rewriting r = new Rewriting("arrays " + ClearingFrame.class.getName() + " min-bytes=1",
                "lifecycle " + ClearingFrame.class.getName() + "#close()");
        r.rewrite(ClearingFrame.class);

        assertTrue(r.log.stream().anyMatch(l -> l.contains("stays plain: ") && l.contains("ClearingFrame.close(")
                && l.contains("stores a new array into field counts inside the lifecycle method")), r.log::toString);
    }

    @Test
    void anExceptionalExitReleasesNothing() throws Exception {
        Rewriting r = new Rewriting(RULE);
        r.rewrite(Frame.class);
        Class<?> frameClass = r.load(Frame.class);
        Object frame = frameClass.getConstructor().newInstance();
        frameClass.getField("fail").set(frame, true);
        RecordingRuntime.reset();

        assertThrows(InvocationTargetException.class, () -> frameClass.getMethod("close").invoke(frame));
        assertEquals(List.of("closing", "closing"),
                RecordingRuntime.CALLS.stream().map(RecordingRuntime.Call::method).toList());
    }

    @Test
    void aLifecycleRuleNamingAMissingMethodSaysSoWhenTheClassLoads() {
        Rewriting r = new Rewriting("lifecycle " + Frame.class.getName() + "#dispose()");
        r.rewrite(Frame.class);

        assertEquals(1, r.log.size(), r.log::toString);
        assertEquals("autopool RULE test.conf:1: lifecycle " + Frame.class.getName() + "#dispose(): "
                + Frame.class.getName() + " has no method dispose(); check the name and the parameter types",
                r.log.get(0));
    }
}
