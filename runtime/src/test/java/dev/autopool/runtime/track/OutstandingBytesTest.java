package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autopool.runtime.Pools;
import dev.autopool.runtime.pool.Family;
import dev.autopool.runtime.pool.PoolHousekeeper;
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
                .findFirst().orElse(new PoolStats(0, 0, 0, 0, 0, 0, 0, 0, 0));
    }
}
