package dev.autopool.runtime.pool;

/**
 * A snapshot of pool counters, for one shape or in total. {@code borrows = hits + misses}; a release that the
 * pool could not keep (over budget or over the shape's cap) counts as a release and as a drop; a free array the GC
 * took from the pool because the JVM ran short of heap counts as a pressure drop (idle buffers are held softly:
 * they never cost the app an {@link OutOfMemoryError}). Retained bytes are
 * free arrays the pool holds; outstanding bytes are lent and not yet returned; the peaks are noted by the housekeeper's
 * pass (once a second) and, for the totals, on a miss (at most once a millisecond), and a snapshot reports at least
 * the current value; a peak reached and left between two such moments can be missed. Taking a snapshot changes
 * nothing.
 */
public record PoolStats(long borrows, long hits, long misses, long releases, long drops, long pressureDrops,
                        long retainedBytes, long outstandingBytes, long peakRetainedBytes,
                        long peakOutstandingBytes) {

    static final PoolStats ZERO = new PoolStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    PoolStats plus(PoolStats o) {
        return new PoolStats(borrows + o.borrows, hits + o.hits, misses + o.misses, releases + o.releases,
                drops + o.drops, pressureDrops + o.pressureDrops, retainedBytes + o.retainedBytes, outstandingBytes + o.outstandingBytes,
                peakRetainedBytes + o.peakRetainedBytes, peakOutstandingBytes + o.peakOutstandingBytes);
    }

    /** {@code key=value} words, as the shutdown summary prints them. */
    @Override
    public String toString() {
        return "borrows=" + borrows + " hits=" + hits + " misses=" + misses + " releases=" + releases
                + " drops=" + drops + " pressureDrops=" + pressureDrops + " retainedBytes=" + retainedBytes + " outstandingBytes=" + outstandingBytes
                + " peakRetainedBytes=" + peakRetainedBytes + " peakOutstandingBytes=" + peakOutstandingBytes;
    }
}
