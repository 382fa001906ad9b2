package dev.autopool.runtime.track;

/**
 * Borrow counters per call site (borrows, recycled borrows, bytes) kept by one owner: a shared stripe of a pool,
 * which a thread holds while it counts, a shape's depot (under its lock), or the private magazines of one
 * thread. Only whoever holds the owner writes, with plain writes, so counting a borrow costs no atomic
 * instruction and no shared cache line. Readers ({@link SiteCounters}) sum the tallies that counted a site; a
 * count may show up a little late on another thread.
 *
 * <p>Memory is one small table per owner over the sites it has seen, so the total is O(sites x owners), never
 * O(threads that ever lived). When the owner goes away ({@link #retire}), its counts move into the sites' shared
 * counters once.
 */
public final class SiteTally {
    private static final int PER_SITE = 3;
    private static final int FREE = -1;

    /** Sites and their counts, replaced (grown) by the owner; one object so a reader sees a matching pair. */
    private volatile Table table = new Table(4);
    private int used;
    private boolean retired;
    /**
     * The ledger record this owner lent or took back last: a pool hands out the array it took back last, so the
     * next borrow or release of it finds its record with one reference compare instead of a ledger lookup.
     * Holding the record does not keep its array alive (it is a phantom reference).
     */
    ArrayEntry last;
    /**
     * Loans until this owner's next leak-watched one at {@code leak=sampled} (see {@link Tracker#lendRecycled}):
     * a countdown the owner alone writes, redrawn at random when it runs out, instead of a random draw per loan.
     */
    int sampleCountdown;
    /**
     * The site counted last and where its counts are in the current table: most owners count one site over and
     * over, and this spares that the table's volatile read and its probe. Reset when the table is replaced.
     */
    private int lastSite = FREE;
    private long[] lastCounts;
    private int lastIndex;

    /**
     * Makes the shared counters of {@code site} exist (and go to JMX), so that a first count at the site inside a
     * stripe never takes the site table's lock: call it before taking the stripe.
     */
    public static void prepare(int site) {
        Tracker.SITES.of(site);
    }

    /** Counts one borrow at {@code site} that no owner could count (the sites' shared counters, striped adders). */
    public static void unowned(int site, long bytes, boolean recycled) {
        Tracker.SITES.of(site).borrowed(bytes, recycled);
    }

    /**
     * Takes back one recycled borrow of {@code bytes} counted at {@code site} by any owner: the pool did not lend
     * the array after all (its rows changed). Goes to the sites' shared counters, whose sum with the tallies is
     * what readers see, since the owner that counted it may be held by another thread by now (rare).
     */
    public static void undoRecycled(int site, long bytes) {
        Tracker.SITES.of(site).borrowed(-bytes, -1);
    }

    /** Counts one borrow at {@code site}; {@code recycled} when the pool handed out an array it kept. */
    public void borrowed(int site, long bytes, boolean recycled) {
        if (site < 0) {
            Tracker.SITES.of(site).borrowed(bytes, recycled); // never issued: the shared slot
            return;
        }
        if (site == lastSite) {
            long[] c = lastCounts;
            int j = lastIndex;
            c[j]++;
            c[j + 2] += bytes;
            if (recycled) {
                c[j + 1]++;
            }
            return;
        }
        Table t = table;
        int[] keys = t.keys;
        int mask = keys.length - 1;
        for (int i = spread(site) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == site) {
                long[] c = t.counts;
                int j = i * PER_SITE;
                c[j]++;
                c[j + 2] += bytes;
                if (recycled) {
                    c[j + 1]++;
                }
                lastSite = site;
                lastCounts = c;
                lastIndex = j;
                return;
            }
            if (k == FREE) {
                firstAt(site, bytes, recycled);
                return;
            }
        }
    }

    /** The first borrow at {@code site} by this owner: joins the site's list of tallies, grows the table. */
    private void firstAt(int site, long bytes, boolean recycled) {
        SiteCounters shared = Tracker.SITES.of(site);
        if (shared.site != site || retired) {
            shared.borrowed(bytes, recycled); // an id the registry never issued, or a late count: shared slot
            return;
        }
        if (2 * (used + 1) > table.keys.length) {
            table = table.grown();
            lastSite = FREE; // its counts moved
        }
        Table t = table;
        int mask = t.keys.length - 1;
        int i = spread(site) & mask;
        while (t.keys[i] != FREE) {
            i = (i + 1) & mask;
        }
        int j = i * PER_SITE;
        t.counts[j] = 1;
        t.counts[j + 1] = recycled ? 1 : 0;
        t.counts[j + 2] = bytes;
        t.keys[i] = site; // after the counts: a reader that finds the key sees them
        used++;
        shared.join(this);
    }

    /** Counter {@code k} (0 borrows, 1 recycled, 2 bytes) of {@code site}. */
    long at(int site, int k) {
        Table t = table;
        int[] keys = t.keys;
        int mask = keys.length - 1;
        for (int i = spread(site) & mask; ; i = (i + 1) & mask) {
            int key = keys[i];
            if (key == site) {
                return t.counts[i * PER_SITE + k];
            }
            if (key == FREE) {
                return 0;
            }
        }
    }

    /**
     * The owner is gone (a dead thread's magazines, a forgotten shape): moves every count into the sites' shared
     * counters, exactly once. The caller guarantees nobody counts here any more, or that late counts go to the
     * shared counters ({@code retired} is checked on the first count at a site).
     */
    public void retire() {
        retired = true;
        lastSite = FREE;
        Table t = table;
        for (int i = 0; i < t.keys.length; i++) {
            int site = t.keys[i];
            if (site != FREE) {
                Tracker.SITES.of(site).leave(this);
            }
        }
    }

    private static int spread(int site) {
        int h = site * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static final class Table {
        final int[] keys;
        final long[] counts;

        Table(int capacity) {
            keys = new int[capacity];
            java.util.Arrays.fill(keys, FREE);
            counts = new long[capacity * PER_SITE];
        }

        Table grown() {
            Table g = new Table(keys.length * 2);
            int mask = g.keys.length - 1;
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != FREE) {
                    int n = spread(keys[i]) & mask;
                    while (g.keys[n] != FREE) {
                        n = (n + 1) & mask;
                    }
                    g.keys[n] = keys[i];
                    System.arraycopy(counts, i * PER_SITE, g.counts, n * PER_SITE, PER_SITE);
                }
            }
            return g;
        }
    }
}
