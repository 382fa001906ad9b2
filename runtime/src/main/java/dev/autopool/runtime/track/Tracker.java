package dev.autopool.runtime.track;

import dev.autopool.runtime.internal.SiteRegistry;
import dev.autopool.runtime.report.JfrReports;
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

    /** Everything a loan or a release reads of the tracker's own state: one volatile read per operation. */
    private static volatile Hot hot = new Hot(64, false, false, false, true, 0);
    private static volatile Consumer<Object> recycler;
    private static volatile Consumer<Object> holder;
    private static volatile java.util.function.BiConsumer<Class<?>, int[]> loser;

    private Tracker() {}

    /**
     * The tracker's state on the hot path, replaced whole (under the class lock) when it changes: settings, a
     * test checkpoint, the first poisoned buffer. Kept apart from {@link TrackingSettings} so a loan reads one
     * object instead of several volatile fields.
     */
    static final class Hot {
        /** 0 watches no loan for a leak, 1 every loan, n one loan in n on average. */
        final int watchOneIn;
        final boolean paranoid;
        /** full or paranoid: released buffers wait in the quarantine before they are lent again. */
        final boolean quarantining;
        /** Set once any buffer was poisoned, so reuse checks cost nothing until then. */
        final boolean poisonSeen;
        /**
         * Neither paranoid nor poison, now or ever since start-up: no record can hold a borrow stack or be
         * poisoned, so {@link #lendQuick} need not look.
         */
        final boolean quiet;
        /** Incremented by each test checkpoint; a loan remembers the epoch it started in. */
        final long epoch;

        Hot(int watchOneIn, boolean paranoid, boolean quarantining, boolean poisonSeen, boolean quiet, long epoch) {
            this.watchOneIn = watchOneIn;
            this.paranoid = paranoid;
            this.quarantining = quarantining;
            this.poisonSeen = poisonSeen;
            this.quiet = quiet && !paranoid && !poisonSeen;
            this.epoch = epoch;
        }
    }

    /** The current test-checkpoint epoch (0 until the first checkpoint). */
    static long epoch() {
        return hot.epoch;
    }

    /** Starts a new checkpoint epoch and returns it. */
    static synchronized long nextEpoch() {
        Hot h = hot;
        hot = new Hot(h.watchOneIn, h.paranoid, h.quarantining, h.poisonSeen, h.quiet, h.epoch + 1);
        return h.epoch + 1;
    }

    private static synchronized void poisonSeen() {
        Hot h = hot;
        if (!h.poisonSeen) {
            hot = new Hot(h.watchOneIn, h.paranoid, h.quarantining, true, h.quiet, h.epoch);
        }
    }

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
        lend(recent, entry, array, site, recycled);
    }

    /**
     * The hand-out check ({@link #verdict}) and {@link #lent} in one ledger look-up, for a recycled array the
     * pool holds alone (taken from a magazine, a stripe or the depot): decides whether it may be lent and whether
     * it must be zeroed, and if it may, records the loan to {@code site} at once. Answers {@link #DROP} (not lent:
     * it goes to the GC), {@link #KEEP_DATA} or {@link #ZERO} (lent; the caller zeroes it before the borrower sees
     * it, which nobody else can do in between: only a release of this very loan could, and the borrower has not
     * got it yet).
     */
    public static int lendRecycled(SiteTally recent, Object array, int site, boolean zeroAsked, long bytes) {
        ArrayEntry entry = find(recent, array);
        if (entry == null) {
            // never lent (a warm-up array): its rows are the ones new made, and no rule's data is in it
            lend(recent, firstLoan(array, bytes), array, site, false);
            return zeroAsked ? ZERO : KEEP_DATA;
        }
        int verdict = verdict(entry, array, site, zeroAsked);
        if (verdict != DROP) {
            lend(recent, entry, array, site, true);
        }
        return verdict;
    }

    /** {@link #lendQuick}: not decided here, nothing done; take the full way ({@link #lendRecycled}). */
    public static final int SLOW = -2;

    /**
     * {@link #lendRecycled}'s common case, small enough to inline into the pool's hit: {@code array} is the one
     * {@code tally}'s owner (the calling thread) lent or took back last, it goes to the site it went to last, in
     * the same checkpoint epoch, at a level with no stacks and no poison, is not the loan leak sampling picks
     * and no JFR recording wants the borrow. Then it records the loan and answers {@link #KEEP_DATA} or
     * {@link #ZERO} exactly as the full way would; otherwise it answers {@link #SLOW} having changed nothing.
     */
    public static int lendQuick(SiteTally tally, Object array, int site) {
        ArrayEntry entry = tally.last;
        Hot h = hot;
        if (entry == null || !entry.refersTo(array) || entry.borrowSite != site || entry.loanEpoch != h.epoch
                || !h.quiet || entry.leftToGc) {
            return SLOW;
        }
        int oneIn = h.watchOneIn;
        int countdown = tally.sampleCountdown - 1;
        if ((oneIn > 1 && countdown <= 0) || entry.watchedForLeak != (oneIn == 1)) {
            return SLOW; // the sampled loan, or the record's flag must change: the full way decides it
        }
        java.lang.ref.SoftReference<Object[]> record = entry.rows;
        if (record != null) {
            Object[] rows = record.get();
            if (rows == null || !RowRecord.intact((Object[]) array, rows)) {
                return SLOW;
            }
        }
        if (JfrReports.borrowEnabled()) {
            return SLOW;
        }
        if (oneIn > 1) {
            tally.sampleCountdown = countdown;
        }
        entry.lendAgain(site);
        Reference.reachabilityFence(array);
        return entry.keepsData ? KEEP_DATA : ZERO;
    }

    /** Records the loan of {@code array} (whose record is {@code entry}) to {@code site}. */
    private static void lend(SiteTally recent, ArrayEntry entry, Object array, int site, boolean recycled) {
        if (recent != null) {
            recent.last = entry;
        }
        // Fields are written only when they change: the record of an array lent over and over by one thread
        // may share a cache line with the record another thread's array is lent through.
        Hot h = hot;
        boolean watched = watch(recent, h.watchOneIn);
        if (entry.watchedForLeak != watched) {
            entry.watchedForLeak = watched;
        }
        if (h.paranoid) {
            entry.borrowStack = borrowStack(site);
        } else if (entry.borrowStack != null) {
            entry.borrowStack = null; // a loan below paranoid must not report a stale stack
        }
        long loanEpoch = h.epoch;
        if (entry.loanEpoch != loanEpoch) {
            entry.loanEpoch = loanEpoch;
        }
        if (entry.leftToGc) {
            entry.leftToGc = false;
        }
        entry.lend(site);
        if (JfrReports.borrowEnabled()) {
            Problems.borrowEvent(entry, site, recycled);
        }
        // The array must stay reachable until the ledger says "borrowed", or the GC could see a stale state.
        Reference.reachabilityFence(array);
    }

    /**
     * Whether this loan is watched for a leak: every one ({@code oneIn} 1), none (0), or one in {@code oneIn} on
     * average. An owner's tally counts down to its next watched loan (gaps drawn uniformly from 1 to
     * {@code 2 oneIn - 1}), so most loans cost a decrement instead of a random draw.
     */
    private static boolean watch(SiteTally recent, int oneIn) {
        if (oneIn <= 1) {
            return oneIn == 1;
        }
        if (recent == null) {
            return ThreadLocalRandom.current().nextInt(oneIn) == 0;
        }
        int c = recent.sampleCountdown - 1;
        if (c > 0) {
            recent.sampleCountdown = c;
            return false;
        }
        recent.sampleCountdown = 1 + ThreadLocalRandom.current().nextInt(2 * Math.min(oneIn, 1 << 29) - 1);
        return c == 0; // c < 0: a fresh tally, which draws its first gap without watching this loan
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
            pool = !hot.quarantining || quarantine(entry, array);
        }
        // Keeps the array reachable until the ledger says "released": collected before that, it would read as
        // a leak (the JIT may otherwise consider the argument dead after the lookup).
        Reference.reachabilityFence(array);
        return pool;
    }

    /**
     * {@link #releasing(Object, int)} of one known loan: {@code generation} is what {@link #generation} said
     * right after that borrow. A release of a buffer that was returned and lent again since (a stale release) is
     * refused and reported, and the new borrower keeps it; a release of a free buffer is a double return.
     */
    public static boolean releasing(Object array, int generation, int site) {
        if (array == null) {
            return false;
        }
        ArrayEntry entry = LEDGER.find(array);
        if (entry == null) {
            return Problems.foreignReturn(array, site);
        }
        long refused = entry.release(site, generation);
        boolean pool;
        if (refused == 0) {
            pool = !hot.quarantining || quarantine(entry, array);
        } else {
            if (ArrayEntry.stale(refused)) {
                Problems.staleRelease(entry, site);
            } else {
                Problems.doubleReturn(entry, ArrayEntry.releaseSite(refused), site);
            }
            pool = false;
        }
        Reference.reachabilityFence(array);
        return pool;
    }

    /**
     * The generation of {@code array}'s current loan, to hand to {@link #releasing(Object, int, int)} later; -1
     * when the pools never lent it.
     */
    public static int generation(Object array) {
        if (array == null) {
            return -1;
        }
        ArrayEntry entry = LEDGER.find(array);
        int generation = entry == null ? -1 : entry.generation();
        Reference.reachabilityFence(array);
        return generation;
    }

    /**
     * A {@code factory} rule's call made {@code array} the plain way, its factory's body not checked yet: released
     * later, it is no foreign return ({@link PendingFactoryArrays}).
     */
    public static void madeByPendingFactory(Object array) {
        PendingFactoryArrays.add(array);
    }

    /**
     * A {@code lifecycle} field store put {@code array} into {@code holder}: if the array is a loan that no
     * object holds yet, {@code holder} owns it now (not kept alive by that), and only {@code holder}'s lifecycle method
     * will release it ({@link #releasingFrom}). A store of a loan some object owns already (a copy) changes
     * nothing.
     */
    public static void stored(Object holder, Object array) {
        if (holder == null || array == null) {
            return;
        }
        ArrayEntry entry = LEDGER.find(array);
        if (entry != null) {
            entry.bind(holder);
        }
        Reference.reachabilityFence(array);
    }

    /**
     * {@code holder}'s field held {@code previous} and the class's own code stored another array over it: if the loan
     * out is the one a store bound to {@code holder}, it is left to the GC (lost, not leaked). Any other loan of it
     * (no object's, or another object's) is not this object's to give up and stays as it is.
     */
    public static void overwritten(Object holder, Object previous) {
        if (holder == null || previous == null) {
            return;
        }
        ArrayEntry entry = LEDGER.find(previous);
        if (entry != null) {
            ArrayEntry.Ownership owner = entry.owner();
            if (owner != null && entry.isBorrowed() && owner.generation == entry.generation()
                    && owner.refersTo(holder)) {
                entry.leftToGc = true;
            }
        }
        Reference.reachabilityFence(previous);
    }

    /**
     * {@code holder}'s lifecycle method starts and its field holds {@code array}: the number of the loan that
     * {@link #stored} bound to {@code holder} if it is still out (what {@link #releasingFrom} will release when the
     * method returns), else -1. The close of an object whose field holds a loan another object owns (a copy or a
     * clone) is reported once per site as a repeated close; anything else (a second close of the same object, which
     * {@code Closeable} allows, also after the buffer was lent on, an array the pools never lent, a loan no store bound, one the app released itself)
     * gets -1 without a word.
     */
    public static int closing(Object holder, Object array, int site) {
        if (holder == null || array == null) {
            return -1;
        }
        ArrayEntry entry = LEDGER.find(array);
        int loan = -1;
        if (entry != null) {
            ArrayEntry.Ownership owner = entry.owner();
            if (owner == null) {
                // no lifecycle store bound a loan of this array: nothing is known to be this object's to release
            } else if (owner.refersTo(holder)) {
                if (entry.isBorrowed() && entry.generation() == owner.generation) {
                    loan = owner.generation;
                }
                // else its own earlier close ended the loan: a second close is allowed (Closeable says so)
            } else if (owner.generation == entry.generation()) {
                ArrayEntry.Ownership before = owner.previous;
                if (before == null || !before.refersTo(holder)) {
                    Problems.repeatedClose(entry, site);
                }
                // else this object's own close ended its loan before the buffer went on: a second close, allowed
            }
        }
        Reference.reachabilityFence(array);
        return loan;
    }

    /**
     * {@code holder}'s lifecycle method returns; its field held {@code array} when it started, with {@code loan}
     * out ({@link #closing}): true (the pool may take it) only when that very loan is still out and bound to
     * {@code holder}. A loan the method itself already ended (a nested lifecycle method, a release rule's call)
     * or that is not this object's is left alone without a word: what is worth a report was said at the start.
     */
    public static boolean releasingFrom(Object holder, Object array, int loan, int site) {
        if (holder == null || array == null || loan == -1) {
            return false;
        }
        ArrayEntry entry = LEDGER.find(array);
        boolean pool = false;
        if (entry != null) {
            ArrayEntry.Ownership owner = entry.owner();
            if (owner != null && owner.generation == loan && owner.refersTo(holder)
                    && entry.release(site, loan) == 0) {
                owner.closed = true;
                pool = !hot.quarantining || quarantine(entry, array);
            }
        }
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
        boolean pool = entry != null && entry.release(site) == 0 && (!hot.quarantining || quarantine(entry, array));
        Reference.reachabilityFence(array);
        return pool;
    }

    /**
     * The loan of {@code array} numbered {@code generation} is given up to the GC on purpose (an {@code owned}
     * field's buffer that was overwritten, or whose owner died while its verdict was withdrawn): when it is
     * collected it counts as lost, never as a leak. A later loan of the same array is not affected.
     */
    public static void leftToGc(Object array, int generation) {
        if (array == null) {
            return;
        }
        ArrayEntry entry = LEDGER.find(array);
        if (entry != null && entry.isBorrowed() && entry.generation() == generation) {
            entry.leftToGc = true;
        }
        Reference.reachabilityFence(array);
    }

    /**
     * An {@code owned} field's binding of one loan, kept on the array's ledger record ({@link #bindOwned}). It
     * offers nothing: a caller that looks one up (only for an array it holds) can do nothing with it.
     */
    public interface OwnedBinding {}

    /**
     * A matrix's rows record taken off the ledger ({@link #detachRows}): opaque, so it hands no row to anyone; only
     * {@link #attachRows} reads it.
     */
    public static final class DetachedRows {
        private final java.lang.ref.SoftReference<Object[]> rows;

        private DetachedRows(java.lang.ref.SoftReference<Object[]> rows) {
            this.rows = rows;
        }
    }

    /** The {@code owned} binding last set on {@code array}'s record, or null (also when the pools never lent it). */
    public static OwnedBinding ownedBinding(Object array) {
        if (array == null) {
            return null;
        }
        ArrayEntry entry = LEDGER.find(array);
        OwnedBinding binding = entry == null ? null : entry.ownedBinding;
        Reference.reachabilityFence(array);
        return binding;
    }

    /**
     * Sets (or, with null, clears) the {@code owned} binding on {@code array}'s record, which holds it strongly
     * while the array lives and drops it with the record once the array is collected. Does nothing when the pools
     * never lent the array. Callers serialize their own reads and writes of it.
     */
    public static void bindOwned(Object array, OwnedBinding binding) {
        if (array == null) {
            return;
        }
        ArrayEntry entry = LEDGER.find(array);
        if (entry != null) {
            entry.ownedBinding = binding;
        }
        Reference.reachabilityFence(array);
    }

    /**
     * Takes the rows record off the ledger record of {@code array} (a matrix lent right now to the calling thread,
     * whose loan an {@code owned} field binds), so that nothing in the pool holds its rows strongly once its owner
     * is gone; returns it for {@link #attachRows}, or null for a rank-1 array or a record already taken. Until it
     * is put back, the matrix is never lent again: a release of it by any other way finds no record to check its
     * rows against, and the matrix goes to the GC.
     */
    public static DetachedRows detachRows(Object array) {
        if (!(array instanceof Object[])) {
            return null;
        }
        ArrayEntry entry = LEDGER.find(array);
        java.lang.ref.SoftReference<Object[]> rows = entry == null ? null : entry.rows;
        DetachedRows taken = null;
        if (rows != null && rows != RowRecord.DETACHED_RECORD) {
            entry.rows = RowRecord.DETACHED_RECORD;
            taken = new DetachedRows(rows);
        }
        Reference.reachabilityFence(array);
        return taken;
    }

    /** Puts back the rows record {@link #detachRows} took, before the matrix is released. */
    public static void attachRows(Object array, DetachedRows rows) {
        if (!(array instanceof Object[]) || rows == null) {
            return;
        }
        ArrayEntry entry = LEDGER.find(array);
        if (entry != null && entry.rows == RowRecord.DETACHED_RECORD) {
            entry.rows = rows.rows;
        }
        Reference.reachabilityFence(array);
    }

    /** {@link #lendRecycled}: the array must not be lent again (its rows changed); it goes to the GC. */
    public static final int DROP = -1;
    /** {@link #lendRecycled}: lend it with its data, as the borrowing site asked ({@code zero=false}). */
    public static final int KEEP_DATA = 0;
    /** {@link #lendRecycled}: zero it before lending it. */
    public static final int ZERO = 1;

    /**
     * Whether the recycled {@code array} may go to {@code site}, which asks for zeros or not ({@code zeroAsked}),
     * for {@link #lendRecycled}: checks poison (at {@code paranoid}), then that every row of a matrix is still the one
     * the pool gave it, and decides whether the data must be cleared. A borrower that said {@code zero=false}
     * still gets zeros when the last loan was another rule's: a buffer never carries one rule's data to another
     * rule's borrower. Answers {@link #DROP}, {@link #KEEP_DATA} or {@link #ZERO}; a dropped matrix is reported
     * ({@code autopool ROWS-CHANGED}, once per release site).
     */
    private static int verdict(ArrayEntry entry, Object array, int site, boolean zeroAsked) {
        if (entry.poisoned && hot.poisonSeen) {
            verifyPoison(entry, array);
        }
        java.lang.ref.SoftReference<Object[]> record = entry.rows;
        Object[] rows = record == null ? null : record.get();
        if (record != null && rows == null) {
            entry.rows = null; // the GC gave the record up under memory pressure: unchecked, the matrix goes too
            return DROP;
        }
        if (rows != null && !RowRecord.intact((Object[]) array, rows)) {
            entry.rows = null; // the matrix goes to the GC; the record must not keep its old rows alive
            if (rows != RowRecord.DETACHED) {
                Problems.rowsChanged(entry);
            }
            return DROP;
        }
        if (zeroAsked) {
            return ZERO;
        }
        int previous = entry.borrowSite;
        return previous == site || SiteRegistry.sameRule(previous, site) ? KEEP_DATA : ZERO;
    }

    /** The pool is about to hand a recycled {@code array} out again, before zeroing it. */
    public static void reusing(Object array) {
        if (hot.poisonSeen && array != null) {
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
     * buffers are left to the GC. A recycler receives every buffer other borrowers released, so only the pools
     * ({@code dev.autopool.runtime.Pools}, defined by the runtime's own class loader) may register one, once;
     * any other call is refused (returns false), whichever class initializes first.
     */
    public static synchronized boolean recycleThrough(Consumer<Object> pool) {
        if (recycler != null || !isThePools(CALLERS.getCallerClass())) {
            return false;
        }
        recycler = pool;
        return true;
    }

    /** Whether {@code caller} is the pools' wiring ({@code GlobalPool}), as the runtime's own loader defined it. */
    private static final StackWalker CALLERS = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private static boolean isThePools(Class<?> caller) {
        return caller != null && caller.getName().equals("dev.autopool.runtime.pool.GlobalPool")
                && caller.getClassLoader() == Tracker.class.getClassLoader();
    }


    /** Replaces the recycler and returns the previous one: the runtime's own tests and benchmarks only. */
    static synchronized Consumer<Object> swapRecycler(Consumer<Object> pool) {
        Consumer<Object> previous = recycler;
        recycler = pool;
        return previous;
    }

    /**
     * Who is told, on the releasing thread, that a released buffer went into the quarantine (the pools count
     * its release then). Like the {@link #recycleThrough recycler} it sees buffers others released, so only the
     * pools may register it, once; any other call is refused (returns false).
     */
    public static synchronized boolean holdThrough(Consumer<Object> pool) {
        if (holder != null || !isThePools(CALLERS.getCallerClass())) {
            return false;
        }
        holder = pool;
        return true;
    }

    /**
     * Who is told that the GC collected an array while it was still lent (element type and dimensions; the array
     * is gone), so the pools stop counting it as outstanding. Only the pools may register it, once.
     */
    public static synchronized boolean loseThrough(java.util.function.BiConsumer<Class<?>, int[]> pool) {
        if (loser != null || !isThePools(CALLERS.getCallerClass())) {
            return false;
        }
        loser = pool;
        return true;
    }

    /** A lent array was collected: tells the pools (on the leak watcher's thread). */
    static void lost(ArrayDescription description) {
        java.util.function.BiConsumer<Class<?>, int[]> pool = loser;
        if (pool != null && description != null) {
            pool.accept(description.elementType(), description.dims());
        }
    }

    static void settingsChanged(TrackingSettings settings) {
        int watchOneIn = switch (settings.leak()) {
            case OFF -> 0;
            case SAMPLED -> settings.leakRate();
            case FULL, PARANOID -> 1;
        };
        boolean paranoid = settings.leak() == LeakLevel.PARANOID;
        boolean quarantining = settings.leak() == LeakLevel.FULL || paranoid;
        synchronized (Tracker.class) {
            Hot h = hot;
            hot = new Hot(watchOneIn, paranoid, quarantining, h.poisonSeen, h.quiet, h.epoch);
        }
        if (!quarantining || settings.quarantine() == 0) {
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
        return new Throwable("borrowed at " + SiteRegistry.get(site));
    }

    private static ArrayEntry firstLoan(Object array, long bytes) {
        LeakWatcher.drainCollected();
        LeakWatcher.startOnce();
        return LEDGER.add(array, bytes);
    }

    /**
     * Holds a released buffer back for the next {@code quarantine} releases of its shape (at {@code full} and
     * {@code paranoid}; see {@link Quarantine}), so a second release of it inside that window finds it free and is
     * caught as a double return instead of releasing the loan of a borrower it would otherwise have been lent to. At
     * {@code paranoid} it is also poisoned, so a late write shows. Returns true when the pool may take it now.
     */
    private static boolean quarantine(ArrayEntry entry, Object array) {
        if (rowsChangedAtRelease(entry, array)) {
            return false;
        }
        if (hot.paranoid && ownRows(entry, array)) {
            // (a matrix holding a row that is not its own is not poisoned: that row may be someone's live data)
            Poison.fill(array);
            entry.poisoned = true;
            poisonSeen();
        }
        int capacity = TrackingSettings.current().quarantine();
        if (capacity == 0) {
            return true;
        }
        Consumer<Object> held = holder;
        if (held != null) {
            try {
                held.accept(array);
            } catch (RuntimeException e) {
                // counting is the pool's business; a failure there must not lose the buffer
            }
        }
        Object leaving = QUARANTINE.admit(array, entry.description.dims(), entry.bytes, capacity);
        if (leaving != null) {
            leaveQuarantine(leaving);
        }
        while ((leaving = QUARANTINE.overflow()) != null) {
            leaveQuarantine(leaving);
        }
        return false;
    }

    /**
     * At {@code full} and {@code paranoid} (the levels with a quarantine, the ones tests run at), a matrix released
     * with rows that are not its own is reported at its release and goes to the GC: waiting for the next loan, as
     * the other levels do, a short test would end before the quarantine lets it go, and never hear of it.
     */
    private static boolean rowsChangedAtRelease(ArrayEntry entry, Object array) {
        java.lang.ref.SoftReference<Object[]> record = entry.rows;
        Object[] rows = record == null ? null : record.get();
        if (rows == null || rows == RowRecord.DETACHED || RowRecord.intact((Object[]) array, rows)) {
            return false;
        }
        entry.rows = null; // the matrix goes to the GC; the record must not keep its old rows alive
        Problems.rowsChanged(entry);
        return true;
    }

    private static boolean ownRows(ArrayEntry entry, Object array) {
        java.lang.ref.SoftReference<Object[]> record = entry.rows;
        if (record == null) {
            return !(array instanceof Object[]);
        }
        Object[] rows = record.get();
        return rows != null && RowRecord.intact((Object[]) array, rows);
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
