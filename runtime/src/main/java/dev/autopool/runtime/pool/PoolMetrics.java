package dev.autopool.runtime.pool;

import dev.autopool.runtime.report.MBeanPublisher;
import dev.autopool.runtime.report.ShutdownSummary;

/**
 * The {@link PoolsMXBean} of one pool. It is handed to {@link MBeanPublisher} on the pools' first use, which puts
 * it on JMX as the {@code jmx} setting says (at once with {@code jmx=on}, once some party has an MBean server with
 * {@code auto}); before, it waited for the housekeeper's first round, up to 10 s, so short runs never showed it.
 */
final class PoolMetrics implements PoolsMXBean {
    static final String OBJECT_NAME = "dev.autopool:type=Pools";

    /**
     * How long one snapshot answers attribute reads: a JMX client reads the attributes one getter at a time (a
     * console's refresh, {@code getAttributes}), and they should come from one consistent snapshot, taken once.
     */
    static final long SNAPSHOT_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

    private final ArrayPool pool;
    private final java.util.function.Supplier<PoolStats> snapshots;
    private final java.util.function.LongSupplier clock;
    private PoolStats last;
    private long lastNanos;

    PoolMetrics(ArrayPool pool) {
        this(pool, pool::stats, System::nanoTime);
    }

    /** With the snapshot source and the clock given: for tests. */
    PoolMetrics(ArrayPool pool, java.util.function.Supplier<PoolStats> snapshots,
            java.util.function.LongSupplier clock) {
        this.pool = pool;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    /** The snapshot every attribute of one read comes from: taken at most once per {@link #SNAPSHOT_NANOS}. */
    private synchronized PoolStats totals() {
        long now = clock.getAsLong();
        if (last == null || now - lastNanos >= SNAPSHOT_NANOS) {
            last = snapshots.get();
            lastNanos = now;
        }
        return last;
    }

    /** Queues {@code pool}'s bean for JMX; registration happens on the publisher's thread, never the caller's. */
    public static void publish(ArrayPool pool) {
        MBeanPublisher.publish(OBJECT_NAME, new PoolMetrics(pool), PoolsMXBean.class);
    }

    @Override public long getBorrows() { return totals().borrows(); }
    @Override public long getHits() { return totals().hits(); }
    @Override public long getMisses() { return totals().misses(); }
    @Override public long getReleases() { return totals().releases(); }
    @Override public long getDrops() { return totals().drops(); }
    @Override public long getPressureDrops() { return totals().pressureDrops(); }
    @Override public long getRetainedBytes() { return totals().retainedBytes(); }
    @Override public long getOutstandingBytes() { return totals().outstandingBytes(); }
    @Override public long getPeakRetainedBytes() { return totals().peakRetainedBytes(); }
    @Override public long getPeakOutstandingBytes() { return totals().peakOutstandingBytes(); }
    @Override public long getBudgetBytes() { return pool.budgetBytes(); }

    @Override
    public ShapeMetrics[] getShapes() {
        return pool.shapeStats().stream().map(ShapeMetrics::of).toArray(ShapeMetrics[]::new);
    }

    @Override
    public long trim() {
        return pool.trimAll();
    }

    @Override
    public void printSummary() {
        ShutdownSummary.printNow();
    }
}
