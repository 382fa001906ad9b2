package dev.autopool.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnxruntime.FreshValue;
import ai.onnxruntime.OnnxValue;
import dev.autopool.runtime.Pools;
import dev.autopool.runtime.Sites;
import org.junit.jupiter.api.Test;

/**
 * {@code Pools.onnxValue} for values it does not read into pooled arrays: the original call's result, registered
 * with the pool only when it comes from ONNX Runtime itself (a fresh array every time), never when it comes from
 * an app's own {@code OnnxValue}, which may keep the array it hands out.
 */
class OutputValuesTest {
    private static final int SITE = Sites.register("test.Outputs", "read", "Outputs.java", 1, "onnx (built-in)",
            Sites.NO_ZERO);

    /** An app's own value that hands out the array it keeps. */
    static final class CachedValue implements OnnxValue {
        final int[][] kept = new int[7][11];

        @Override
        public Object getValue() {
            return kept;
        }
    }

    @Test
    void anAppsOwnValueIsReturnedAsItIsAndNeverEntersThePool() throws Throwable {
        CachedValue value = new CachedValue();
        Object read = Pools.onnxValue(value, SITE);
        assertSame(value.kept, read);

        Pools.releaseIfBorrowed(read, SITE); // what the agent inserts where the result dies
        assertNotSame(value.kept, Pools.int2d(7, 11, SITE), "the app's array must never be lent to anyone");
    }

    @Test
    void anArrayOnnxRuntimeHandsOutGoesHomeLikeABorrow() throws Throwable {
        Object read = Pools.onnxValue(new FreshValue(), SITE);
        assertEquals(byte[][].class, read.getClass());

        Pools.releaseIfBorrowed(read, SITE);
        assertSame(read, Pools.byte2d(3, 5, SITE));
    }

    @Test
    void theOriginalCallsErrorsAreTheAppsOwn() {
        OnnxValue failing = () -> {
            throw new IllegalStateException("closed");
        };
        assertEquals("closed", assertThrows(IllegalStateException.class, () -> Pools.onnxValue(failing, SITE))
                .getMessage());
        assertThrows(NullPointerException.class, () -> Pools.onnxValue(null, SITE));
    }
}
