package dev.autopool.runtime.pool;

import dev.autopool.runtime.report.ReportLog;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.ObjectName;

/** The {@link PoolsMXBean} of one pool. */
final class PoolMetrics implements PoolsMXBean {
    static final String OBJECT_NAME = "dev.autopool:type=Pools";

    private final ArrayPool pool;

    PoolMetrics(ArrayPool pool) {
        this.pool = pool;
    }

    /** Registers {@code pool} under {@link #OBJECT_NAME}; a failure costs one debug line, never the app. */
    static void register(ArrayPool pool) {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(new PoolMetrics(pool),
                    new ObjectName(OBJECT_NAME));
        } catch (InstanceAlreadyExistsException e) {
            // another copy of the runtime (another class loader) got there first; its numbers are the ones shown
        } catch (Exception | LinkageError e) {
            ReportLog.log(Level.DEBUG, "autopool POOL no JMX metrics: " + e, null);
        }
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
        return pool.shapeStats().stream().map(ShapeMetrics::new).toArray(ShapeMetrics[]::new);
    }
}
