package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autopool.runtime.Pools;
import dev.autopool.runtime.pool.PoolStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pools' {@code outstandingBytes} (the exit summary, the Pools MXBean, the OUTSTANDING warning) counts only
 * arrays that exist and are lent: not leaked ones the GC already collected, not a miss whose {@code new} threw.
 */
class OutstandingBytesTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    @Test
    void aLeakedArrayTheGcCollectedIsNoLongerOutstanding() throws Exception {
        fixture.settings("leak=sampled", "leak.rate=1000000"); // unwatched: nothing reported, still written off
        int borrow = site("outstanding", 1);
        long[][] kept = Pools.long2d(3, 37, borrow);
        leakThroughPools(borrow);
        leakThroughPools(borrow);
        assertEquals(3 * 3 * 37 * 8, outstanding("long[3][37]"), "three lent");

        awaitWrittenOff("long[3][37]", 3 * 37 * 8);
        assertEquals(3 * 37 * 8, outstanding("long[3][37]"), "only the one still referenced is outstanding");
        Pools.release(kept, borrow);
        assertEquals(0, outstanding("long[3][37]"));
    }

    @Test
    void aLeakedArrayIsWrittenOffAtLeakOffToo() throws Exception {
        fixture.settings("leak=off"); // no leak report at all, yet the collected loan is no longer outstanding
        int borrow = site("outstanding", 3);
        leakThroughPools(borrow);
        assertEquals(3 * 37 * 8, outstanding("long[3][37]"));

        awaitWrittenOff("long[3][37]", 0);
        assertEquals(0, outstanding("long[3][37]"));
    }

    @Test
    void aBorrowWhoseNewThrowsOutOfMemoryErrorLendsNothing() {
        int borrow = site("outstanding", 2);
        long before = Pools.stats().outstandingBytes();
        long borrowsBefore = Pools.stats().borrows();

        // A real OutOfMemoryError ("Requested array size exceeds VM limit") from the site's own new after a miss.
        assertThrows(OutOfMemoryError.class, () -> Pools.long1d(Integer.MAX_VALUE, borrow));
        assertEquals(0, outstanding("long[2147483647]"), "the failed new lent nothing");
        assertEquals(0, borrows("long[2147483647]"), "and borrowed nothing");
        assertEquals(before, Pools.stats().outstandingBytes(), "outstandingBytes is back at its prior value");
        assertEquals(borrowsBefore, Pools.stats().borrows());

        long[] a = Pools.long1d(53, borrow); // a miss whose new succeeds counts as before
        assertEquals(53 * 8, outstanding("long[53]"));
        assertEquals(1, borrows("long[53]"));
        Pools.release(a, borrow);
        assertEquals(0, outstanding("long[53]"));
    }

    private static void leakThroughPools(int site) {
        Pools.long2d(3, 37, site);
    }

    private static void awaitWrittenOff(String shape, long expected) throws InterruptedException {
        for (int attempt = 0; attempt < 200 && outstanding(shape) != expected; attempt++) {
            System.gc();
            Tracking.drainLeaks();
            Thread.sleep(10);
        }
    }

    private static long outstanding(String shape) {
        return row(shape).outstandingBytes();
    }

    private static long borrows(String shape) {
        return row(shape).borrows();
    }

    private static PoolStats row(String shape) {
        return Pools.shapeStats().stream().filter(s -> s.shape().toString().equals(shape)).map(s -> s.stats())
                .findFirst().orElse(new PoolStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }
}
