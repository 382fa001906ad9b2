package dev.autopool.runtime.track;

import dev.autopool.runtime.Sites;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one call site. Borrows are counted on the hot path in the {@link SiteTally} of whatever the
 * borrow already holds (a pool stripe, a depot, a thread's earned magazines) and summed here on read, over the
 * tallies that counted this site (O(stripes), not O(threads)); the adders hold what retired tallies counted and
 * borrows counted outside any pool. Problems are counted on the slow path.
 */
final class SiteCounters implements SiteCountersMXBean {
    private static final SiteTally[] NONE = new SiteTally[0];

    final int site;
    final LongAdder borrows = new LongAdder();
    final LongAdder hits = new LongAdder();
    final LongAdder borrowedBytes = new LongAdder();
    final AtomicLong leaks = new AtomicLong();
    final AtomicLong leakedBytes = new AtomicLong();
    final AtomicLong doubleReturns = new AtomicLong();
    final AtomicLong foreignReturns = new AtomicLong();
    final AtomicLong writesAfterReturn = new AtomicLong();
    /** The live tallies that counted this site; changed under this object's lock. */
    private SiteTally[] tallies = NONE;

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

    synchronized void join(SiteTally tally) {
        SiteTally[] grown = Arrays.copyOf(tallies, tallies.length + 1);
        grown[tallies.length] = tally;
        tallies = grown;
    }

    /** Moves a retiring tally's counts into the adders; under the lock, so a reader counts them exactly once. */
    synchronized void leave(SiteTally tally) {
        int n = 0;
        SiteTally[] kept = new SiteTally[Math.max(0, tallies.length - 1)];
        boolean found = false;
        for (SiteTally t : tallies) {
            if (t == tally && !found) {
                found = true;
            } else if (n < kept.length) {
                kept[n++] = t;
            }
        }
        if (!found) {
            return;
        }
        borrows.add(tally.at(site, 0));
        hits.add(tally.at(site, 1));
        borrowedBytes.add(tally.at(site, 2));
        tallies = kept;
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

    /** The retired part plus every live tally that counted this site. */
    private synchronized long sum(LongAdder retired, int k) {
        long n = retired.sum();
        for (SiteTally t : tallies) {
            n += t.at(site, k);
        }
        return n;
    }

    /** A copy of the counters at this moment, for reports and test checks. */
    SiteTotals totals() {
        return new SiteTotals(site, getSite(), getBorrows(), getHits(), getBorrowedBytes(), getLeaks(),
                getLeakedBytes(), getDoubleReturns(), getForeignReturns(), getWritesAfterReturn());
    }
}
