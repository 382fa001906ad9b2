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

    private final ArrayPool pool;

    PoolMetrics(ArrayPool pool) {
        this.pool = pool;
    }

    /** Queues {@code pool}'s bean for JMX; registration happens on the publisher's thread, never the caller's. */
    public static void publish(ArrayPool pool) {
        MBeanPublisher.publish(OBJECT_NAME, new PoolMetrics(pool), PoolsMXBean.class);
    }

    @Override public long getBorrows() { return pool.stats().borrows(); }
    @Override public long getHits() { return pool.stats().hits(); }
    @Override public long getMisses() { return pool.stats().misses(); }
    @Override public long getReleases() { return pool.stats().releases(); }
    @Override public long getDrops() { return pool.stats().drops(); }
    @Override public long getRetainedBytes() { return pool.stats().retainedBytes(); }
    @Override public long getOutstandingBytes() { return pool.stats().outstandingBytes(); }
    @Override public long getPeakRetainedBytes() { return pool.stats().peakRetainedBytes(); }
    @Override public long getPeakOutstandingBytes() { return pool.stats().peakOutstandingBytes(); }
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
