package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopool.agent.config.Settings;
import dev.autopool.agent.rewrite.RecordingRuntime.Call;
import dev.autopool.agent.rewrite.fixture.scope.Sizes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code min-bytes} in an arrays scope: checked at rewrite time for constant sizes (matrices included, by their
 * total bytes), and handed to the runtime with the sizes computed at run time.
 */
class RunTimeSizedNewTest {
    private static final String ARRAYS = "arrays dev.autopool.agent.rewrite.fixture.scope.** min-bytes=16k";
    private static final String LIFECYCLE = "lifecycle " + Sizes.class.getName() + "#close()";

    @Test
    void constantMatricesAreJudgedByTheirTotalBytesAndRunTimeSizesGoToTheRuntimeWithMinBytes() throws Exception {
        Rewriting r = new Rewriting(ARRAYS, LIFECYCLE);
        r.rewrite(Sizes.class);
        Object sizes = r.load(Sizes.class).getConstructor(int.class).newInstance(5000);

        // float[4][4] (64 bytes) stays plain; float[64][128] (32 KiB) is pooled; int[n] is decided at run time.
        // (The constructor also names what each store replaces and binds each field's value to the object as it
        // returns: the "storedOver" and "stored" calls.)
        List<Call> pooled = RecordingRuntime.CALLS.stream().filter(c -> !c.method().startsWith("stored")).toList();
        assertEquals(List.of("float2d", "int1dAtLeast"), pooled.stream().map(Call::method).toList());
        assertEquals("[64, 128]", pooled.get(0).shape());
        assertEquals("[5000] min=16384", pooled.get(1).shape());
        assertEquals(4, sizes.getClass().getMethod("smallRows").invoke(sizes));
    }

    @Test
    void aRunTimeSizedBufferThatDiesInItsMethodGoesHomeThroughReleaseIfBorrowed() throws Exception {
        Rewriting r = new Rewriting(Rewrites.forSettings(Settings.NONE, TestFactories.CLASS_PATH), ARRAYS);
        r.rewrite(Sizes.class);
        assertEquals(Sizes.sum(10), r.load(Sizes.class).getMethod("sum", int.class).invoke(null, 10));

        // Below min-bytes the runtime hands out a plain array, which the pool never lent.
        assertEquals(List.of("float1dAtLeast", "releaseIfBorrowed"),
                RecordingRuntime.CALLS.stream().map(Call::method).toList());
        assertEquals("[10] min=16384", RecordingRuntime.CALLS.get(0).shape());
    }
}
