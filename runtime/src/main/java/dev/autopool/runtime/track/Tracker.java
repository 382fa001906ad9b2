package dev.autopool.runtime.track;

import java.lang.ref.Reference;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The seam between the pools and borrow tracking. The pools call these hooks; everything behind them (the
 * exact ledger of lent arrays, leak detection with phantom references, double and foreign returns, poisoning)
 * belongs to this package.
 *
 * <p>Every hook is safe to call from any thread, never throws for a non-null array, and allocates nothing on a
 * recycled borrow below {@code paranoid}.
 */
public final class Tracker {
    static final Ledger LEDGER = new Ledger();
    static final SiteTable SITES = new SiteTable();
    static final Quarantine QUARANTINE = new Quarantine();

    // Read on every borrow; written only when settings change. Kept apart from TrackingSettings so the hot
    // path reads one int: 0 watches no borrow, 1 every borrow, n one borrow in n.
    private static volatile int watchOneIn = 64;
    private static volatile boolean paranoid;
    private static volatile boolean borrowEvents;
    // Set once any buffer was poisoned, so reuse checks cost nothing until then.
    private static volatile boolean poisonSeen;
    private static volatile Consumer<Object> recycler;
    // Incremented by each test checkpoint; a loan remembers the epoch it started in.
    static volatile long epoch;

    private Tracker() {}

    /**
     * {@code array} (fresh or recycled, already zeroed if asked) was handed to {@code site}: recorded and counted
     * at the site's shared counters. Pools that count in structures they own call {@link #lent} instead.
     */
    public static void borrowed(Object array, int site, long bytes) {
        if (array != null) {
            SITES.of(site).borrowed(bytes, LEDGER.find(array) != null);
            lent(null, array, site, bytes);
        }
    }

    /**
     * The pool has handed {@code array} to {@code site} and counted the borrow itself (in a {@link SiteTally} it
     * holds). {@code recent} is a tally only the calling thread uses right now, whose last ledger record saves a
     * lookup, or null. Touches no shared counter and allocates nothing on a recycled borrow below
     * {@code paranoid}.
     */
    public static void lent(SiteTally recent, Object array, int site, long bytes) {
        if (array == null) {
            return;
        }
        ArrayEntry entry = find(recent, array);
        boolean recycled = entry != null;
        if (!recycled) {
            entry = firstLoan(array, bytes);
        }
        if (recent != null) {
            recent.last = entry;
        }
        int oneIn = watchOneIn;
        entry.watchedForLeak = oneIn == 1 || (oneIn > 1 && ThreadLocalRandom.current().nextInt(oneIn) == 0);
        if (paranoid) {
            entry.borrowStack = borrowStack(site);
        } else if (entry.borrowStack != null) {
            entry.borrowStack = null; // a loan below paranoid must not report a stale stack
        }
        entry.loanEpoch = epoch;
        entry.lend(site);
        if (borrowEvents) {
            Problems.borrowEvent(entry, site, recycled);
        }
        // The array must stay reachable until the ledger says "borrowed", or the GC could see a stale state.
        Reference.reachabilityFence(array);
    }

    /**
     * {@code site} hands {@code array} back. Returns false when the pool must not take it: a double or foreign
     * return (already reported), or, at {@code paranoid}, a buffer that goes into quarantine and comes back
     * through the {@link #recycleThrough recycler}. True when the pool may recycle it.
     */
    public static boolean releasing(Object array, int site) {
        return array != null && releasing(LEDGER.find(array), array, site);
    }

    /** {@link #releasing(Object, int)} with a tally the caller alone uses right now (see {@link #lent}), or null. */
    public static boolean releasing(SiteTally recent, Object array, int site) {
        if (array == null) {
            return false;
        }
        ArrayEntry entry = find(recent, array);
        if (entry != null && recent != null) {
            recent.last = entry;
        }
        return releasing(entry, array, site);
    }

    private static boolean releasing(ArrayEntry entry, Object array, int site) {
        if (entry == null) {
            return Problems.foreignReturn(array, site);
        }
        long refused = entry.release(site);
        boolean pool;
        if (refused != 0) {
            Problems.doubleReturn(entry, ArrayEntry.releaseSite(refused), site);
            pool = false;
        } else {
            pool = !paranoid || quarantine(entry, array);
        }
        // Keeps the array reachable until the ledger says "released": collected before that, it would read as
        // a leak (the JIT may otherwise consider the argument dead after the lookup).
        Reference.reachabilityFence(array);
        return pool;
    }

    /**
     * Like {@link #releasing}, but for lifecycle releases that only mean "if it is still lent": an array that is
     * not outstanding (never lent, already released, or released by a racing thread) is silently refused, with
     * no report. Atomic, unlike {@code isBorrowed} followed by {@code releasing}.
     */
    public static boolean releasingIfBorrowed(Object array, int site) {
        if (array == null) {
            return false;
        }
        ArrayEntry entry = LEDGER.find(array);
        boolean pool = entry != null && entry.release(site) == 0 && (!paranoid || quarantine(entry, array));
        Reference.reachabilityFence(array);
        return pool;
    }

    /** The pool is about to hand a recycled {@code array} out again, before zeroing it. */
    public static void reusing(Object array) {
        if (poisonSeen && array != null) {
            ArrayEntry entry = LEDGER.find(array);
            if (entry != null && entry.poisoned) {
                verifyPoison(entry, array);
            }
        }
    }

    /** Whether the pool lent {@code array} and it is still outstanding; exact for every borrow at every level. */
    public static boolean isBorrowed(Object array) {
        if (array == null) {
            return false;
        }
        ArrayEntry entry = LEDGER.find(array);
        boolean borrowed = entry != null && entry.isBorrowed();
        Reference.reachabilityFence(array);
        return borrowed;
    }

    /**
     * Where buffers leaving the {@code paranoid} quarantine go: the pools register a consumer that puts an
     * array straight back on its free list (without calling {@link #releasing} again). Without one, such
     * buffers are left to the GC. Returns the recycler it replaces.
     */
    public static synchronized Consumer<Object> recycleThrough(Consumer<Object> pool) {
        Consumer<Object> previous = recycler;
        recycler = pool;
        return previous;
    }

    static void settingsChanged(TrackingSettings settings) {
        watchOneIn = switch (settings.leak()) {
            case OFF -> 0;
            case SAMPLED -> settings.leakRate();
            case FULL, PARANOID -> 1;
        };
        borrowEvents = settings.jfrBorrow();
        paranoid = settings.leak() == LeakLevel.PARANOID;
        if (!paranoid || settings.quarantine() == 0) {
            for (Object held : QUARANTINE.releaseAll()) {
                leaveQuarantine(held);
            }
        }
    }

    /** The ledger record of {@code array}: the tally's last one if it is that array's, else the ledger's. */
    private static ArrayEntry find(SiteTally recent, Object array) {
        if (recent == null) {
            return LEDGER.find(array);
        }
        ArrayEntry last = recent.last;
        return last != null && last.refersTo(array) ? last : LEDGER.find(array);
    }

    private static Throwable borrowStack(int site) {
        return new Throwable("borrowed at " + dev.autopool.runtime.Sites.get(site));
    }

    private static ArrayEntry firstLoan(Object array, long bytes) {
        LeakWatcher.drainCollected();
        LeakWatcher.startOnce();
        return LEDGER.add(array, bytes);
    }

    private static boolean quarantine(ArrayEntry entry, Object array) {
        Poison.fill(array);
        entry.poisoned = true;
        poisonSeen = true;
        int capacity = TrackingSettings.current().quarantine();
        if (capacity == 0) {
            return true;
        }
        Object leaving = QUARANTINE.admit(array, capacity);
        if (leaving != null) {
            leaveQuarantine(leaving);
        }
        return false;
    }

    private static void leaveQuarantine(Object array) {
        ArrayEntry entry = LEDGER.find(array);
        if (entry != null && entry.poisoned) {
            verifyPoison(entry, array);
        }
        Consumer<Object> pool = recycler;
        if (pool != null) {
            try {
                pool.accept(array);
            } catch (RuntimeException e) {
                // a pool that cannot take the buffer back leaves it to the GC
            }
        }
    }

    private static void verifyPoison(ArrayEntry entry, Object array) {
        if (!Poison.intact(array)) {
            entry.poisoned = false;
            Problems.writeAfterReturn(entry);
        }
    }
}
