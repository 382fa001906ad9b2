package dev.autopool.runtime.pool;

/**
 * The pools' metrics over JMX, registered as {@code dev.autopool:type=Pools}: totals, and one composite row per
 * exact shape. Values are live snapshots; peaks are sampled (see {@link PoolStats}).
 */
public interface PoolsMXBean {
    long getBorrows();

    long getHits();

    long getMisses();

    long getReleases();

    long getDrops();

    long getRetainedBytes();

    long getOutstandingBytes();

    long getPeakRetainedBytes();

    long getPeakOutstandingBytes();

    long getBudgetBytes();

    ShapeMetrics[] getShapes();

    /** One shape's row in {@link #getShapes()}. */
    final class ShapeMetrics {
        private final ShapeStats s;

        ShapeMetrics(ShapeStats s) {
            this.s = s;
        }

        public String getShape() { return s.shape().toString(); }
        public long getBorrows() { return s.stats().borrows(); }
        public long getHits() { return s.stats().hits(); }
        public long getMisses() { return s.stats().misses(); }
        public long getReleases() { return s.stats().releases(); }
        public long getDrops() { return s.stats().drops(); }
        public long getRetainedBytes() { return s.stats().retainedBytes(); }
        public long getOutstandingBytes() { return s.stats().outstandingBytes(); }
        public long getPeakRetainedBytes() { return s.stats().peakRetainedBytes(); }
        public long getPeakOutstandingBytes() { return s.stats().peakOutstandingBytes(); }
    }
}
