package dev.autopool.runtime.track;

import dev.autopool.runtime.Sites;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one call site: borrows on the hot path (striped adders), problems on the slow path. */
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
    @Override public long getBorrows() { return borrows.sum(); }
    @Override public long getHits() { return hits.sum(); }
    @Override public long getBorrowedBytes() { return borrowedBytes.sum(); }
    @Override public long getLeaks() { return leaks.get(); }
    @Override public long getLeakedBytes() { return leakedBytes.get(); }
    @Override public long getDoubleReturns() { return doubleReturns.get(); }
    @Override public long getForeignReturns() { return foreignReturns.get(); }
    @Override public long getWritesAfterReturn() { return writesAfterReturn.get(); }

    /** A copy of the counters at this moment, for reports and test checks. */
    SiteTotals totals() {
        return new SiteTotals(site, getSite(), getBorrows(), getHits(), getBorrowedBytes(), getLeaks(),
                getLeakedBytes(), getDoubleReturns(), getForeignReturns(), getWritesAfterReturn());
    }
}
