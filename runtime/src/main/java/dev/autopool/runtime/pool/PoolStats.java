package dev.autopool.runtime.pool;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one pool; cheap to update from many threads. */
public final class PoolStats {
    final LongAdder borrows = new LongAdder();
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder releases = new LongAdder();
    final LongAdder bytesRetained = new LongAdder();

    public long borrows() { return borrows.sum(); }
    public long hits() { return hits.sum(); }
    public long misses() { return misses.sum(); }
    public long releases() { return releases.sum(); }
    public long bytesRetained() { return bytesRetained.sum(); }

    @Override
    public String toString() {
        return "borrows=" + borrows() + " hits=" + hits() + " misses=" + misses()
                + " releases=" + releases() + " retainedBytes=" + bytesRetained();
    }
}
