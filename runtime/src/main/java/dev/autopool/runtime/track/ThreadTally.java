package dev.autopool.runtime.track;

/**
 * One thread's tracker state: its borrow counters per call site (borrows, hits, bytes), for the pools' hot path: plain writes by
 * the owner thread only, so counting a borrow costs no atomic instruction and no shared cache line (three
 * striped {@code LongAdder}s per borrow cost several times the rest of a pool hit). Readers sum every thread's
 * tally into {@link SiteCounters}; a count may show up a little late on another thread, and is exact once the
 * owner has been joined or has handed over through any other happens-before edge.
 *
 * <p>Get the current thread's tally once with {@link Tracker#tally()} and keep it where the thread keeps its other
 * per-thread state (the pools keep it in their thread cache), then pass it to
 * {@link Tracker#borrowed(ThreadTally, Object, int, long)}.
 */
public final class ThreadTally {
    private static final int PER_SITE = 3;

    final Thread owner = Thread.currentThread();
    /** {@code [3*site]} borrows, {@code [3*site+1]} hits, {@code [3*site+2]} bytes. Replaced (grown) by the owner. */
    private volatile long[] counts = new long[PER_SITE * 64];
    /**
     * The ledger record this thread borrowed or released last: a pool hands out the array it took back last, so
     * the next borrow or release of it finds its record with one reference compare instead of a ledger lookup.
     * Holding the record does not keep its array alive (it is a phantom reference).
     */
    ArrayEntry last;

    ThreadTally() {}

    /** Counts one borrow at {@code site}; the first one per site and thread takes the slow path. */
    void borrowed(int site, long bytes, boolean hit) {
        long[] c = counts;
        int i = site * PER_SITE;
        if (site >= 0 && i < c.length - 2 && c[i] != 0) {
            c[i]++;
            c[i + 2] += bytes;
            if (hit) {
                c[i + 1]++;
            }
        } else {
            firstAt(site, bytes, hit);
        }
    }

    /** The first borrow at {@code site} on this thread: makes the site's counters exist, grows the tally. */
    private void firstAt(int site, long bytes, boolean hit) {
        SiteCounters shared = Tracker.SITES.of(site);
        if (site < 0 || shared.site != site) {
            shared.borrowed(bytes, hit); // an id the registry never issued: counted in the shared slot
            return;
        }
        long[] c = counts;
        int i = site * PER_SITE;
        if (i >= c.length - 2) {
            long[] grown = new long[Math.max(c.length * 2, i + PER_SITE)];
            System.arraycopy(c, 0, grown, 0, c.length);
            c = grown;
        }
        c[i]++;
        c[i + 2] += bytes;
        if (hit) {
            c[i + 1]++;
        }
        counts = c;
    }

    /** Counter {@code k} (0 borrows, 1 hits, 2 bytes) of {@code site}. */
    long at(int site, int k) {
        long[] c = counts;
        int i = site * PER_SITE + k;
        return site >= 0 && i < c.length ? c[i] : 0;
    }

    /** Adds this (dead) thread's counts to the shared counters of each site. */
    void foldInto(SiteTable sites) {
        long[] c = counts;
        for (int site = 0; site * PER_SITE < c.length; site++) {
            int i = site * PER_SITE;
            if (c[i] != 0) {
                SiteCounters shared = sites.of(site);
                shared.borrows.add(c[i]);
                shared.hits.add(c[i + 1]);
                shared.borrowedBytes.add(c[i + 2]);
            }
        }
    }
}
