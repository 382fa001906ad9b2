package dev.autopool.runtime.track;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The counters of every call site, indexed by site id; ids the registry never issued share one slot. A site's
 * counters are created the first time the site is seen, and published over JMX soon after, off the caller's
 * thread.
 */
final class SiteTable {
    private static final int UNKNOWN = -1;
    private volatile SiteCounters[] bySite = new SiteCounters[64];
    private SiteCounters unknown;
    /** The tally of every thread that counted borrows and was not yet folded into the shared counters. */
    private final ConcurrentLinkedQueue<ThreadTally> tallies = new ConcurrentLinkedQueue<>();

    SiteCounters of(int site) {
        SiteCounters[] table = bySite;
        if (site >= 0 && site < table.length) {
            SiteCounters counters = table[site];
            if (counters != null) {
                return counters;
            }
        }
        return create(site);
    }

    private synchronized SiteCounters create(int site) {
        if (site < 0 || site >= dev.autopool.runtime.Sites.count()) {
            if (unknown == null) {
                unknown = publish(new SiteCounters(UNKNOWN));
            }
            return unknown;
        }
        SiteCounters[] table = bySite;
        if (site >= table.length) {
            SiteCounters[] larger = new SiteCounters[Math.max(site + 1, table.length * 2)];
            System.arraycopy(table, 0, larger, 0, table.length);
            table = larger;
        }
        if (table[site] == null) {
            table[site] = publish(new SiteCounters(site));
        }
        bySite = table;
        return table[site];
    }

    /** A tally for the current thread (see {@link Tracker#tally()}); folds the tallies of dead threads first. */
    ThreadTally newTally() {
        foldDead();
        ThreadTally t = new ThreadTally();
        tallies.add(t);
        return t;
    }

    /**
     * Counter {@code k} (0 borrows, 1 hits, 2 bytes) of {@code site} summed over the live threads' tallies, to
     * add to the site's shared counters. Callers hold this table's lock, so a tally being folded into the shared
     * counters is counted exactly once.
     */
    long tallied(int site, int k) {
        foldDead();
        long n = 0;
        for (ThreadTally t : tallies) {
            n += t.at(site, k);
        }
        return n;
    }

    /** Moves the counts of threads that have died into the shared counters (their death happened-before). */
    private synchronized void foldDead() {
        for (Iterator<ThreadTally> it = tallies.iterator(); it.hasNext(); ) {
            ThreadTally t = it.next();
            if (!t.owner.isAlive()) {
                t.foldInto(this);
                it.remove();
            }
        }
    }

    List<SiteCounters> all() {
        List<SiteCounters> all = new ArrayList<>();
        for (SiteCounters counters : bySite) {
            if (counters != null) all.add(counters);
        }
        synchronized (this) {
            if (unknown != null) all.add(unknown);
        }
        return all;
    }

    /** Hands the site's counters to {@link SiteBeans}, which puts them on JMX off this thread. */
    private static SiteCounters publish(SiteCounters counters) {
        SiteBeans.publish(counters);
        return counters;
    }
}
