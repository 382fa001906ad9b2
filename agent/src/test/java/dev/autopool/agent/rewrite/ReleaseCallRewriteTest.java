package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.autopool.agent.rewrite.fixture.Caller;
import dev.autopool.agent.rewrite.fixture.CountingRecycler;
import dev.autopool.agent.rewrite.fixture.InheritedCalls;
import dev.autopool.agent.rewrite.fixture.KeepingRecycler;
import dev.autopool.agent.rewrite.fixture.MethodReferences;
import dev.autopool.agent.rewrite.fixture.Recycler;
import dev.autopool.agent.rewrite.fixture.Shapes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** After a release method returns, its array goes to the runtime; the method's own result is untouched. */
class ReleaseCallRewriteTest {
    static final String SHAPES = Shapes.class.getName();

    @Test
    void aStaticReleaseReturningAValueStillReturnsIt() throws Exception {
        Rewriting r = new Rewriting("factory " + SHAPES + "#float2d(int,int)",
                "release " + SHAPES + "#freeAndTell(float[][])");
        r.rewrite(Caller.class);
        Object told = r.load(Caller.class).getMethod("freeAndTell").invoke(null);

        assertEquals(Caller.freeAndTell(), told);
        List<RecordingRuntime.Call> calls = RecordingRuntime.CALLS;
        assertEquals(List.of("float2d", "release"), calls.stream().map(RecordingRuntime.Call::method).toList());
        assertSame(calls.get(0).array(), calls.get(1).array());
        assertEquals("release", r.sites.get(calls.get(1).site()).action());
    }

    @Test
    void anInstanceReleaseWithTheArrayAmongOtherArgumentsAndAWideResult() throws Exception {
        Rewriting r = new Rewriting("factory " + SHAPES + "#float3d(int,int,int)",
                "release " + Recycler.class.getName() + "#recycle(java.lang.String, float[][][], double)");
        r.rewrite(Caller.class);
        Recycler recycler = new Recycler();
        Object got = r.load(Caller.class).getMethod("recycle", Recycler.class).invoke(null, recycler);

        assertEquals(Caller.recycle(new Recycler()), got);
        assertEquals(1, recycler.calls, "the app's method still runs");
        List<RecordingRuntime.Call> calls = RecordingRuntime.CALLS;
        assertEquals(List.of("float3d", "release"), calls.stream().map(RecordingRuntime.Call::method).toList());
        assertSame(calls.get(0).array(), calls.get(1).array());
    }

    @Test
    void aVirtualCallThatRunsAnOverrideReleasesNothing() throws Exception {
        Rewriting r = new Rewriting("factory " + SHAPES + "#float3d(int,int,int)",
                "release " + Recycler.class.getName() + "#recycle(java.lang.String, float[][][], double)");
        r.rewrite(Caller.class);
        java.lang.reflect.Method recycle = r.load(Caller.class).getMethod("recycle", Recycler.class);
        KeepingRecycler keeper = new KeepingRecycler();
        recycle.invoke(null, keeper);
        recycle.invoke(null, new CountingRecycler());

        // The override kept the first array: nothing of it goes home. The subclass without an override runs the
        // rule's body: its array does.
        List<RecordingRuntime.Call> calls = RecordingRuntime.CALLS;
        assertEquals(List.of("float3d", "release", "float3d", "release"),
                calls.stream().map(RecordingRuntime.Call::method).toList());
        assertSame(keeper.kept, calls.get(0).array());
        assertNull(calls.get(1).array(), "released after the override");
        assertSame(calls.get(2).array(), calls.get(3).array());
    }

    @Test
    void aRuleOnAClassThatOnlyInheritsTheMethodReleasesNothing() throws Exception {
        // The rule vouches for a body CountingRecycler declares; the call runs the one it inherits from Recycler.
        Rewriting r = new Rewriting("factory " + SHAPES + "#float3d(int,int,int)",
                "release " + CountingRecycler.class.getName() + "#recycle(java.lang.String, float[][][], double)");
        r.rewrite(InheritedCalls.class);
        r.load(InheritedCalls.class).getMethod("viaSubclass", CountingRecycler.class)
                .invoke(null, new CountingRecycler());

        List<RecordingRuntime.Call> calls = RecordingRuntime.CALLS;
        assertEquals(List.of("float3d", "release"), calls.stream().map(RecordingRuntime.Call::method).toList());
        assertNull(calls.get(1).array(), "nothing released after an inherited body");
    }

    @Test
    void aSuperCallFromAnOverrideIsLeftAsItIs() {
        Rewriting r = new Rewriting(
                "release " + Recycler.class.getName() + "#recycle(java.lang.String, float[][][], double)");
        r.rewrite(KeepingRecycler.class);

        assertEquals(List.of("autopool RULE test.conf:1: release " + Recycler.class.getName()
                + "#recycle(java.lang.String,float[][][],double): called as super.recycle in "
                + KeepingRecycler.class.getName() + ", an override that may keep the array; that call is left as it"
                + " is"), r.log);
    }

    @Test
    void aFactoryOrReleaseUsedThroughAMethodReferenceIsLeftAsItIsWithALineSayingSo() throws Exception {
        Rewriting r = new Rewriting("factory " + SHAPES + "#float2d(int,int)",
                "release " + SHAPES + "#freeAndTell(float[][])");
        r.rewrite(MethodReferences.class);
        r.load(MethodReferences.class).getMethod("both").invoke(null);

        assertEquals(List.of(), RecordingRuntime.CALLS);
        assertEquals(List.of("autopool RULE test.conf:1: factory " + SHAPES + "#float2d(int,int): used through a method"
                        + " reference at " + MethodReferences.class.getName() + ".both(MethodReferences.java:11);"
                        + " calls made through it are left as they are (their arrays are plain new ones)",
                "autopool RULE test.conf:2: release " + SHAPES + "#freeAndTell(float[][]): used through a method"
                        + " reference at " + MethodReferences.class.getName() + ".both(MethodReferences.java:12);"
                        + " calls made through it are left as they are (their arrays do not go home)"), r.log);
        assertEquals(List.of(), r.usage.unmatched(), "a rule used only through a reference is no unmatched rule");
    }

    @Test
    void aReleaseThatThrowsReleasesNothing() throws Exception {
        Rewriting r = new Rewriting("release " + SHAPES + "#freeAndTell(float[][])");
        r.rewrite(Caller.class);

        assertEquals(1, r.load(Caller.class).getMethod("releaseThatThrows").invoke(null));
        assertEquals(List.of(), RecordingRuntime.CALLS);
    }
}
