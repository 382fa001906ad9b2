package dev.autopool.runtime.track;

import dev.autopool.runtime.Sites;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one call site. Borrows are counted on the hot path in each thread's {@link ThreadTally} and
 * summed here on read (the adders hold what dead threads counted, and borrows at ids the registry never issued);
 * problems are counted on the slow path.
 */
final class SiteCounters implements SiteCountersMXBean {
    final int site;
    final LongAdder borrows = new LongAdder();
    final LongAdder hits = new LongAdder();
    final LongAdder borrowedBytes = new LongAdder();
    final AtomicLong leaks = new AtomicLong();
    final AtomicLong leakedBytes = new AtomicLong();
    final AtomicLong doubleReturns = new AtomicLong();
    final AtomicLong foreignReturns = new AtomicLong();
    final AtomicLong writesAfterReturn = new AtomicLong();

    SiteCounters(int site) {
        this.site = site;
    }

    void borrowed(long bytes, boolean hit) {
        borrows.increment();
        borrowedBytes.add(bytes);
        if (hit) {
            hits.increment();
        }
    }

    @Override public String getSite() { return Sites.get(site).toString(); }
    @Override public long getBorrows() { return sum(borrows, 0); }
    @Override public long getHits() { return sum(hits, 1); }
    @Override public long getBorrowedBytes() { return sum(borrowedBytes, 2); }
    @Override public long getLeaks() { return leaks.get(); }
    @Override public long getLeakedBytes() { return leakedBytes.get(); }
    @Override public long getDoubleReturns() { return doubleReturns.get(); }
    @Override public long getForeignReturns() { return foreignReturns.get(); }
    @Override public long getWritesAfterReturn() { return writesAfterReturn.get(); }

    /** The shared part plus every live thread's {@link ThreadTally} (under the table's lock: see tallied). */
    private long sum(LongAdder shared, int k) {
        SiteTable table = Tracker.SITES;
        synchronized (table) {
            long live = site < 0 ? 0 : table.tallied(site, k); // first: it folds dead threads into the adders
            return live + shared.sum();
        }
    }

    /** A copy of the counters at this moment, for reports and test checks. */
    SiteTotals totals() {
        return new SiteTotals(site, getSite(), getBorrows(), getHits(), getBorrowedBytes(), getLeaks(),
                getLeakedBytes(), getDoubleReturns(), getForeignReturns(), getWritesAfterReturn());
    }
}
