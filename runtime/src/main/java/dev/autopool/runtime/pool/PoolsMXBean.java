package dev.autopool.runtime.pool;

import javax.management.openmbean.CompositeData;

/**
 * The pools' metrics over JMX, registered as {@code dev.autopool:type=Pools}: totals, and one composite row per
 * exact shape. Values are live snapshots; peaks are sampled (see {@link PoolStats}). The two operations change
 * no safety setting: {@link #trim()} gives free arrays back to the GC, {@link #printSummary()} writes the exit
 * block now. {@code JMX.newMXBeanProxy} works: a row is rebuilt on the client by {@link ShapeMetrics#from}.
 */
public interface PoolsMXBean {
    long getBorrows();

    long getHits();

    long getMisses();

    long getReleases();

    long getDrops();

    /**
     * Free arrays the GC took from the pool because the JVM ran short of heap: idle buffers are held softly, so
     * they never cost the app an {@link OutOfMemoryError}.
     */
    long getPressureDrops();

    long getRetainedBytes();

    long getOutstandingBytes();

    long getPeakRetainedBytes();

    long getPeakOutstandingBytes();

    long getBudgetBytes();

    ShapeMetrics[] getShapes();

    /** Gives every free array the pools keep back to the GC now; returns the bytes freed. Lent arrays stay lent. */
    long trim();

    /** Writes the exit block (SUMMARY, SHAPE, TOP-SITE, ... lines) now, where the {@code summary} setting says. */
    void printSummary();

    /** One shape's row in {@link #getShapes()}: a value, so a JMX client can rebuild it with {@link #from}. */
    final class ShapeMetrics {
        private final String shape;
        private final long borrows, hits, misses, releases, drops, pressureDrops;
        private final long retainedBytes, outstandingBytes, peakRetainedBytes, peakOutstandingBytes;

        public ShapeMetrics(String shape, long borrows, long hits, long misses, long releases, long drops,
                            long pressureDrops, long retainedBytes, long outstandingBytes, long peakRetainedBytes,
                            long peakOutstandingBytes) {
            this.shape = shape;
            this.borrows = borrows;
            this.hits = hits;
            this.misses = misses;
            this.releases = releases;
            this.drops = drops;
            this.pressureDrops = pressureDrops;
            this.retainedBytes = retainedBytes;
            this.outstandingBytes = outstandingBytes;
            this.peakRetainedBytes = peakRetainedBytes;
            this.peakOutstandingBytes = peakOutstandingBytes;
        }

        static ShapeMetrics of(ShapeStats s) {
            PoolStats p = s.stats();
            return new ShapeMetrics(s.shape().toString(), p.borrows(), p.hits(), p.misses(), p.releases(),
                    p.drops(), p.pressureDrops(), p.retainedBytes(), p.outstandingBytes(), p.peakRetainedBytes(),
                    p.peakOutstandingBytes());
        }

        /** What the MXBean framework calls on a JMX client to turn a row back into this type. */
        public static ShapeMetrics from(CompositeData d) {
            return new ShapeMetrics((String) d.get("shape"), (Long) d.get("borrows"), (Long) d.get("hits"),
                    (Long) d.get("misses"), (Long) d.get("releases"), (Long) d.get("drops"),
                    (Long) d.get("pressureDrops"),
                    (Long) d.get("retainedBytes"), (Long) d.get("outstandingBytes"),
                    (Long) d.get("peakRetainedBytes"), (Long) d.get("peakOutstandingBytes"));
        }

        public String getShape() { return shape; }
        public long getBorrows() { return borrows; }
        public long getHits() { return hits; }
        public long getMisses() { return misses; }
        public long getReleases() { return releases; }
        public long getDrops() { return drops; }
        public long getPressureDrops() { return pressureDrops; }
        public long getRetainedBytes() { return retainedBytes; }
        public long getOutstandingBytes() { return outstandingBytes; }
        public long getPeakRetainedBytes() { return peakRetainedBytes; }
        public long getPeakOutstandingBytes() { return peakOutstandingBytes; }

        @Override
        public String toString() {
            return shape + " borrows=" + borrows + " outstandingBytes=" + outstandingBytes;
        }
    }
}
