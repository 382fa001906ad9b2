package dev.autopool.runtime.track;

import dev.autopool.runtime.internal.SiteRegistry;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
    /**
     * The live tallies that counted this site. Joining is lock-free (a tally joins while its owner holds a
     * stripe, where nothing may block); leaving and reading take this object's lock, so a retiring tally's counts
     * are read exactly once, from it or from the adders.
     */
    private final AtomicReference<SiteTally[]> tallies = new AtomicReference<>(NONE);

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

    /** Adds {@code n} recycled borrows of {@code bytes} in all ({@code n} is -1 to take one back). */
    void borrowed(long bytes, int n) {
        borrows.add(n);
        hits.add(n);
        borrowedBytes.add(bytes);
    }

    void join(SiteTally tally) {
        for (SiteTally[] old = tallies.get(); ; old = tallies.get()) {
            SiteTally[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = tally;
            if (tallies.compareAndSet(old, grown)) {
                return;
            }
        }
    }

    /** Moves a retiring tally's counts into the adders; under the lock, so a reader counts them exactly once. */
    synchronized void leave(SiteTally tally) {
        for (SiteTally[] old = tallies.get(); ; old = tallies.get()) {
            int at = -1;
            for (int i = 0; i < old.length && at < 0; i++) {
                if (old[i] == tally) {
                    at = i;
                }
            }
            if (at < 0) {
                return;
            }
            SiteTally[] kept = new SiteTally[old.length - 1];
            System.arraycopy(old, 0, kept, 0, at);
            System.arraycopy(old, at + 1, kept, at, kept.length - at);
            if (tallies.compareAndSet(old, kept)) {
                break;
            }
        }
        borrows.add(tally.at(site, 0));
        hits.add(tally.at(site, 1));
        borrowedBytes.add(tally.at(site, 2));
    }

    @Override public String getSite() { return SiteRegistry.get(site).toString(); }
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
        for (SiteTally t : tallies.get()) {
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
