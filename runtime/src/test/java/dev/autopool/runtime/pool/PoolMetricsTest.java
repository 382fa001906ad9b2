package dev.autopool.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pool's MXBean answers the attributes of one read from one snapshot. */
class PoolMetricsTest {
    @Test
    void everyAttributeOfOneReadComesFromOneSnapshot() {
        ArrayPool pool = Grids.pool();
        AtomicInteger snapshots = new AtomicInteger();
        AtomicLong now = new AtomicLong(1_000);
        PoolMetrics metrics = new PoolMetrics(pool, () -> {
            int n = snapshots.incrementAndGet();
            return new PoolStats(n, n, 0, n, 0, 0, n, n, n, n);
        }, now::get);

        long[] read = readAll(metrics);
        assertEquals(1, snapshots.get(), "one snapshot for nine attributes");
        for (long v : read) {
            assertEquals(1, v, "every attribute from the same snapshot");
        }

        now.addAndGet(PoolMetrics.SNAPSHOT_NANOS);
        read = readAll(metrics);
        assertEquals(2, snapshots.get(), "the next read takes a new snapshot");
        assertEquals(2, read[0]);
    }

    private static long[] readAll(PoolMetrics m) {
        return new long[] {m.getBorrows(), m.getHits(), m.getReleases(), m.getRetainedBytes(),
                m.getOutstandingBytes(), m.getPeakRetainedBytes(), m.getPeakOutstandingBytes()};
    }
}
