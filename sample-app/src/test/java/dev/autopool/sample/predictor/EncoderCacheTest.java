package dev.autopool.sample.predictor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EncoderCacheTest {
    private long now;
    private final EncoderCache cache = new EncoderCache(4, TimeUnit.SECONDS.toNanos(5), () -> now);

    private static float[][][] memory() {
        return new float[1][2][256];
    }

    @Test
    void returnsWhatWasPut() {
        float[][][] m = memory();
        cache.put(7L, m);
        assertSame(m, cache.get(7L));
        assertNull(cache.get(8L));
    }

    @Test
    void holdsAtMostFourAndDropsTheLeastRecentlyUsed() {
        for (long k = 1; k <= 4; k++) cache.put(k, memory());
        assertNotNull(cache.get(1L)); // 1 becomes the most recently used
        cache.put(5L, memory());
        assertEquals(List.of(3L, 4L, 1L, 5L), cache.keys());
        assertNull(cache.get(2L));
    }

    @Test
    void anEntryIsStaleAfterFiveSecondsEvenIfUsed() {
        cache.put(1L, memory());
        now += TimeUnit.MILLISECONDS.toNanos(4_999);
        assertNotNull(cache.get(1L));
        cache.put(2L, memory());
        now += TimeUnit.MILLISECONDS.toNanos(1);
        assertNull(cache.get(1L));
        assertEquals(List.of(2L), cache.keys());
    }

    @Test
    void puttingAgainRefreshesTheEntry() {
        cache.put(1L, memory());
        now += TimeUnit.SECONDS.toNanos(4);
        float[][][] fresh = memory();
        cache.put(1L, fresh);
        now += TimeUnit.SECONDS.toNanos(4);
        assertSame(fresh, cache.get(1L));
    }
}
