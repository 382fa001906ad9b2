package dev.autopool.runtime.pool;

import dev.autopool.runtime.internal.ElementType;
import dev.autopool.runtime.internal.Site;
import dev.autopool.runtime.internal.SiteRegistry;
import dev.autopool.runtime.track.SiteTally;
import dev.autopool.runtime.track.Tracker;
import dev.autopool.runtime.report.ReportLog;
import java.lang.System.Logger.Level;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pool of every primitive array family and exact shape. A borrow is served from the calling thread's private
 * magazine for that shape (no lock, no allocation; only platform threads that earned one after
 * {@code magazine.earn} borrows have them), else from the shape's shared stripes (one CAS each, never waited
 * for), else from the shape's depot, else it misses and the caller allocates with {@code new} and hands the array
 * to {@link #fresh}. A release goes to the releasing thread's private magazine, else a stripe, else the depot,
 * else, over the budget or the shape's cap, to the GC. Arrays released on another thread than the one that
 * borrowed them simply come home through the releasing thread. Virtual threads and threads that have not earned
 * a magazine keep nothing of their own and never touch a {@code ThreadLocal} (virtual threads) here.
 *
 * <p>Borrowed arrays always have exactly the requested shape and are all zeros unless the site opted out with
 * {@link Site#NO_ZERO}. An array is in at most one place at a time (one magazine, which only its thread
 * touches, one stripe, which only its holder touches, or the depot, behind a lock), so correct use never hands
 * one array to two borrowers; double and foreign returns are filtered out by {@link Tracker#releasing} before
 * the pool takes anything back.
 */
public final class ArrayPool {
    private static final long SAMPLE_INTERVAL_NANOS = 1_000_000;

    /** Stripes per shape: enough that threads on different cores rarely meet, a power of two. */
    private static final int STRIPES = Math.min(64,
            Integer.highestOneBit(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()) * 2 - 1));

    private final ConcurrentHashMap<ShapeKey, ShapePool> shapes = new ConcurrentHashMap<>();
    /** Recently used shapes by hash: finds a shape without allocating a key (a hint, checked on use). */
    private final ShapePool[] recent = new ShapePool[64];
    /** Platform threads only: a virtual thread never calls {@code get()}, which would give it a map of its own. */
    private final ThreadLocal<ThreadCache> caches = ThreadLocal.withInitial(this::newCache);
    /** The threads that earned private magazines, the only ones housekeeping has to look at. */
    private final ConcurrentLinkedQueue<ThreadCache> earnedCaches = new ConcurrentLinkedQueue<>();
    /** The same threads' caches by identity hash: the hit path's way to its cache without a ThreadLocal lookup. */
    private final EarnedThreads earned = new EarnedThreads();
    private final Budget budget;
    private final LongAdder unpooledBorrows = new LongAdder();
    private final LongAdder unpooledReleases = new LongAdder();
    private final LateCounts late = new LateCounts();
    private volatile PoolSettings settings;
    /** Counters of shapes the pool has forgotten (see {@link ShapePool#retireIfEmpty}). */
    private volatile PoolStats retiredTotals = PoolStats.ZERO;
    /** Bumped by the trimmer when it marks shapes idle; threads catch up (flush those magazines) on a slow path. */
    private volatile int generation;
    private volatile long peakOutstanding;
    private volatile long peakRetained;
    private volatile long lastSampleNanos;
    private volatile boolean outstandingWarned;
    private volatile boolean pressureReported;
    private volatile CompletableFuture<Void> warmup = CompletableFuture.completedFuture(null);

    ArrayPool(PoolSettings settings) {
        this.settings = settings;
        this.budget = new Budget(settings.budget());
    }

    /**
     * Applies new settings (budget, caps, trimming) from now on and starts the warm-up they ask for. Package-private:
     * the JVM-wide pool changes only through {@link PoolHousekeeper#configure}, which honours the settings seal.
     */
    void configure(PoolSettings s) {
        settings = s;
        budget.limit(s.budget());
        if (!s.warmup().isEmpty()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            warmup = done;
            dev.autopool.runtime.internal.RuntimeThreads.create(() -> {
                try {
                    warmUp(s.warmup());
                    done.complete(null);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            }, "autopool-warmup", true).start();
        }
    }

    PoolSettings settings() {
        return settings;
    }

    /** Completes when the configured warm-up has filled the depots. */
    public CompletableFuture<Void> warmup() {
        return warmup;
    }

    /**
     * A recycled array of exactly this shape (dimensions beyond the family's rank are 0), ready for the borrower;
     * or null on a miss, when the caller allocates it with {@code new} and hands it to {@link #fresh}.
     */
    public Object borrow(Family f, int d0, int d1, int d2, int d3, int site) {
        // The hit of a thread with an earned magazine, small enough for the JIT to inline into the caller: a
        // virtual thread never holds a slot (find checks the owner), so no isVirtual check is needed here.
        ThreadCache tc = earned.find(Thread.currentThread());
        if (tc != null) {
            Magazine m = tc.last;
            if (m != null && m.pool.is(f, d0, d1, d2, d3) && tc.seenGeneration == generation) {
                Object a = m.pop();
                if (a != null) {
                    int verdict = Tracker.lendQuick(tc.tally, a, site);
                    if (verdict == Tracker.KEEP_DATA) {
                        tc.tally.borrowed(site, m.pool.bytes, true);
                        return a;
                    }
                    return lendPopped(tc, m, a, verdict, f, d0, d1, d2, d3, site);
                }
            }
        }
        return borrowOther(f, d0, d1, d2, d3, site);
    }

    /**
     * The hit path's popped array that {@link Tracker#lendQuick} did not lend as it is: zeroed and counted, or
     * taken the full way (and, if that drops it, the borrow goes on as a magazine miss would).
     */
    private Object lendPopped(ThreadCache tc, Magazine m, Object a, int verdict, Family f, int d0, int d1, int d2,
                              int d3, int site) {
        ShapePool p = m.pool;
        if (verdict == Tracker.ZERO) {
            p.family.zero(a);
        } else if ((a = handOut(tc.tally, a, p, site)) == null) {
            m.hits--; // not lent after all: the matrix went to the GC
            m.drops++;
            return borrowPrivate(Thread.currentThread(), tc, f, d0, d1, d2, d3, site);
        }
        tc.tally.borrowed(site, p.bytes, true);
        return a;
    }

    /** Every borrow but the earned-magazine hit. */
    private Object borrowOther(Family f, int d0, int d1, int d2, int d3, int site) {
        Thread t = Thread.currentThread();
        if (!VirtualThreads.isVirtual(t)) {
            ThreadCache tc = platformCache(t);
            Magazine m = tc.find(f, d0, d1, d2, d3);
            if (m != null && tc.seenGeneration == generation) {
                Object a = m.pop();
                if (a != null) {
                    ShapePool p = m.pool;
                    if ((a = handOut(tc.tally, a, p, site)) != null) {
                        tc.tally.borrowed(site, p.bytes, true);
                        return a;
                    }
                    m.hits--; // not lent after all: the matrix went to the GC
                    m.drops++;
                }
            }
            if (tc.earned() || ++tc.borrows >= settings.magazineEarn()) {
                return borrowPrivate(t, tc, f, d0, d1, d2, d3, site);
            }
        }
        return borrowShared(t, f, d0, d1, d2, d3, site);
    }

    /**
     * Registers an array the caller allocated after a miss as lent to {@code site}, and only now counts the miss:
     * a {@code new} that threw (OutOfMemoryError) lent nothing, so it must not stay outstanding.
     */
    public <T> T fresh(T array, Family f, int d0, int d1, int d2, int d3, int site) {
        if (poolable(f, d0, d1, d2, d3)) {
            shape(f, d0, d1, d2, d3).missed(site); // an unpoolable shape's borrow was counted by unpooled()
        }
        adopt(array, f, d0, d1, d2, d3, site);
        return array;
    }

    /** Registers an array the pool did not hand out (and does not count as borrowed) as lent to {@code site}. */
    public void adopt(Object array, Family f, int d0, int d1, int d2, int d3, int site) {
        Tracker.lent(null, array, site, bytes(f, d0, d1, d2, d3));
    }

    /** Takes {@code array} back: into a magazine or stripe, the shape's depot, or, over budget, nowhere. */
    public void release(Object array, int site) {
        ThreadCache tc = earned.find(Thread.currentThread());
        Magazine m;
        if (tc != null && array != null && (m = tc.last) != null && m.pool.fits(array)
                && tc.seenGeneration == generation) {
            if (Tracker.releasing(tc.tally, array, site) && !m.push(array)) {
                ShapePool p = m.pool;
                releaseSlow(Thread.currentThread(), tc, p.family, array, p.d0, p.d1, p.d2, p.d3);
            }
            return;
        }
        releaseOther(array, site);
    }

    /** Every release but the earned-magazine one of the magazine's own shape. */
    private void releaseOther(Object array, int site) {
        if (array == null) {
            return;
        }
        Thread t = Thread.currentThread();
        ThreadCache tc = ownCache(t);
        Magazine m = tc != null ? tc.last : null;
        if (m != null && m.pool.fits(array)) {
            if (Tracker.releasing(tc.tally, array, site) && (tc.seenGeneration != generation || !m.push(array))) {
                ShapePool p = m.pool;
                releaseSlow(t, tc, p.family, array, p.d0, p.d1, p.d2, p.d3);
            }
        } else if (Family.of(array.getClass()) != null
                && Tracker.releasing(tc != null ? tc.tally : null, array, site)) {
            takeBack(t, tc, array);
        }
    }

    /**
     * Takes {@code array} back only if its current loan is the one of {@code generation} (see
     * {@link Tracker#releasing(Object, int, int)}); a stale release is refused and reported.
     */
    public void releaseLoan(Object array, int generation, int site) {
        if (array != null && Family.of(array.getClass()) != null && Tracker.releasing(array, generation, site)) {
            Thread t = Thread.currentThread();
            takeBack(t, ownCache(t), array);
        }
    }

    /**
     * Whether a released {@code array} could be kept at all under the present settings: false when one buffer of
     * its shape is above {@code shape.max} or the budget, so its release would only drop it. Lets a caller that
     * holds the array softly (an owned field's action) leave it to the GC without ever holding it strongly.
     */
    public boolean couldKeep(Object array) {
        Family f = array == null ? null : Family.of(array.getClass());
        if (f == null) {
            return false;
        }
        int rank = f.rank;
        int d0 = Array.getLength(array);
        int d1 = rank > 1 ? f.dim(array, 1) : 0;
        int d2 = rank > 2 ? f.dim(array, 2) : 0;
        int d3 = rank > 3 ? f.dim(array, 3) : 0;
        PoolSettings s = settings;
        long bytes = bytes(f, d0, d1, d2, d3);
        return poolable(f, d0, d1, d2, d3) && bytes <= s.shapeCap() && bytes <= s.budget();
    }

    /**
     * Puts back an array the tracker has already accepted (the way home out of the quarantine, and
     * for {@code releaseIfBorrowed}); anything that is no pooled array is ignored.
     */
    public void recycle(Object array) {
        if (array != null && Family.of(array.getClass()) != null) {
            Thread t = Thread.currentThread();
            takeBack(t, ownCache(t), array);
        }
    }

    /**
     * The tracker holds {@code array}, just released, in its quarantine (at {@code full} and {@code paranoid}):
     * it is no longer lent, so the shape counts its release now, not when it leaves the quarantine.
     */
    public void heldBack(Object array) {
        countHeld(array, 1);
    }

    /** {@code array} leaves the tracker's quarantine: back on a free list, its release already counted. */
    public void returnHeld(Object array) {
        if (array != null && Family.of(array.getClass()) != null) {
            Thread t = Thread.currentThread();
            takeBack(t, ownCache(t), array);
            countHeld(array, -1);
        }
    }

    /**
     * Adds {@code delta} to the quarantine's release count of {@code array}'s shape: a counter of the shape any
     * thread may add to (the releasing thread may be virtual, or keep no magazine of the shape).
     */
    private void countHeld(Object array, int delta) {
        Family f = array == null ? null : Family.of(array.getClass());
        if (f == null) {
            return;
        }
        int rank = f.rank;
        int d0 = Array.getLength(array);
        int d1 = rank > 1 ? f.dim(array, 1) : 0;
        int d2 = rank > 2 ? f.dim(array, 2) : 0;
        int d3 = rank > 3 ? f.dim(array, 3) : 0;
        if (!poolable(f, d0, d1, d2, d3)) {
            unpooledReleases.add(delta);
        } else {
            shape(f, d0, d1, d2, d3).countHeld(delta);
        }
    }

    /** The calling thread's cache, or null for a virtual thread (which must never create a thread-local). */
    private ThreadCache ownCache(Thread t) {
        return VirtualThreads.isVirtual(t) ? null : platformCache(t);
    }

    /** A platform thread's cache: from its slot once it has earned one, else its {@code ThreadLocal}. */
    private ThreadCache platformCache(Thread t) {
        ThreadCache tc = earned.find(t);
        return tc != null ? tc : caches.get();
    }

    private void takeBack(Thread t, ThreadCache tc, Object array) {
        Family f = Family.of(array.getClass());
        int rank = f.rank;
        int d0 = Array.getLength(array);
        int d1 = rank > 1 ? f.dim(array, 1) : 0;
        int d2 = rank > 2 ? f.dim(array, 2) : 0;
        int d3 = rank > 3 ? f.dim(array, 3) : 0;
        Magazine m = tc != null ? tc.find(f, d0, d1, d2, d3) : null;
        if (m == null || tc.seenGeneration != generation || !m.push(array)) {
            releaseSlow(t, tc, f, array, d0, d1, d2, d3);
        }
    }

    /**
     * Makes a recycled array ready for {@code site} and lends it; null when the tracker found its rows changed
     * (then it goes to the GC unzeroed, since a changed row may be someone else's live data). {@code tally} is the
     * calling thread's own, or null.
     */
    private Object handOut(SiteTally tally, Object a, ShapePool p, int site) {
        int verdict = Tracker.lendRecycled(tally, a, site, zeroes(site), p.bytes);
        if (verdict == Tracker.DROP) {
            return null;
        }
        if (verdict == Tracker.ZERO) {
            p.family.zero(a);
        }
        return a;
    }

    private static boolean zeroes(int site) {
        return (SiteRegistry.flags(site) & Site.NO_ZERO) == 0;
    }

    /**
     * A thread that keeps nothing of its own (a virtual thread, or a platform thread that has not earned private
     * magazines yet): the stripes around its identity hash, then the depot. Counted in whichever served it.
     */
    private Object borrowShared(Thread t, Family f, int d0, int d1, int d2, int d3, int site) {
        if (!poolable(f, d0, d1, d2, d3)) {
            return unpooled(f, d0, d1, d2, d3, site);
        }
        return takeShared(t, null, shape(f, d0, d1, d2, d3), site);
    }

    /** A platform thread with private magazines (earned now, or earlier) whose magazine was empty. */
    private Object borrowPrivate(Thread t, ThreadCache tc, Family f, int d0, int d1, int d2, int d3, int site) {
        if (!tc.earned()) {
            tc.earn(generation);
            earnedCaches.add(tc);
            earned.claim(tc, t);
        }
        catchUp(tc);
        if (!poolable(f, d0, d1, d2, d3)) {
            return unpooled(f, d0, d1, d2, d3, site);
        }
        Magazine m = magazine(tc, f, d0, d1, d2, d3);
        ShapePool p = m.pool;
        for (Object a; (a = m.pop()) != null; ) {
            if ((a = handOut(tc.tally, a, p, site)) != null) {
                tc.tally.borrowed(site, p.bytes, true);
                return a;
            }
            m.hits--; // not lent after all: the matrix went to the GC
            m.drops++;
        }
        return takeShared(t, tc.tally, p, site);
    }

    /**
     * From the stripes around {@code t}, then the depot (each counts the borrow it serves or misses), handed out
     * with {@code tally} (the thread's own, or null); null on a miss. A matrix whose rows changed is not lent: its
     * hit is undone and counted as a drop, and the next free array is tried.
     */
    private Object takeShared(Thread t, SiteTally tally, ShapePool p, int site) {
        for (;;) {
            Object a = p.takeShared(probe(t), site);
            if (a == null && (a = p.take(site, true)) == null) {
                sample();
                return null;
            }
            if ((a = handOut(tally, a, p, site)) != null) {
                return a;
            }
            p.undoHit(site);
        }
    }

    private Object unpooled(Family f, int d0, int d1, int d2, int d3, int site) {
        if ((d0 | d1 | d2 | d3) < 0) {
            return null; // the caller's new throws NegativeArraySizeException: nothing is lent, nothing counted
        }
        unpooledBorrows.increment();
        SiteTally.unowned(site, bytes(f, d0, d1, d2, d3), false);
        return null;
    }

    private void releaseSlow(Thread t, ThreadCache tc, Family f, Object array, int d0, int d1, int d2, int d3) {
        if (tc != null) {
            catchUp(tc);
        }
        if (!poolable(f, d0, d1, d2, d3)) {
            unpooledReleases.increment();
            return;
        }
        long cap = settings.shapeCap();
        // Only a thread that borrows this shape has a private magazine of it: a thread that just consumes what
        // others borrowed would otherwise park arrays in a magazine nobody draws from.
        Magazine m = tc != null ? tc.find(f, d0, d1, d2, d3) : null;
        if (m != null && !m.pool.retired && m.pushOrReserve(array, cap)) {
            return;
        }
        ShapePool p = shape(f, d0, d1, d2, d3);
        if (!p.putShared(probe(t), array, cap) && !p.putCounted(array, cap)) {
            reportRefusal(p);
        }
    }

    /** Flushes this thread's magazines of shapes the trimmer found idle since the thread last looked. */
    private void catchUp(ThreadCache tc) {
        int g = generation;
        if (tc.seenGeneration == g) {
            return;
        }
        boolean retired = false;
        for (Magazine m : tc.magazines()) {
            if (m.pool.trimmedGeneration > tc.seenGeneration) {
                m.flush();
            } else if (m.cleared()) {
                m.givenUp(); // the GC took its arrays under memory pressure
            }
            retired |= m.pool.retired;
        }
        if (retired) {
            tc.dropRetired();
        }
        tc.seenGeneration = g;
    }

    private Magazine magazine(ThreadCache tc, Family f, int d0, int d1, int d2, int d3) {
        Magazine m = tc.find(f, d0, d1, d2, d3);
        if (m == null) {
            ShapePool p = shape(f, d0, d1, d2, d3);
            m = p.newMagazine(magazineCapacity(p.bytes));
            tc.add(m);
        }
        return m;
    }

    private int magazineCapacity(long bytes) {
        PoolSettings s = settings;
        return bytes <= s.magazineMaxBytes() ? s.magazineSize() : 0;
    }

    /** The thread's stripe: its identity hash, spread (a thread keeps its stripe, so its releases feed it). */
    private static int probe(Thread t) {
        int h = System.identityHashCode(t);
        return h ^ (h >>> 16);
    }

    private ShapePool shape(Family f, int d0, int d1, int d2, int d3) {
        int i = ShapeKey.hash(f, d0, d1, d2, d3) & (recent.length - 1);
        ShapePool p = recent[i];
        if (p != null && p.is(f, d0, d1, d2, d3) && !p.retired) {
            return p;
        }
        p = shapes.computeIfAbsent(new ShapeKey(f, d0, d1, d2, d3),
                k -> new ShapePool(f, java.util.Arrays.copyOf(new int[] {d0, d1, d2, d3}, f.rank), budget, late,
                        STRIPES, magazineCapacity(bytes(f, d0, d1, d2, d3))));
        recent[i] = p; // a racy hint: ShapePool's fields are final, so any thread that sees it sees it whole
        return p;
    }

    private ThreadCache newCache() {
        return new ThreadCache(generation);
    }

    private static boolean poolable(Family f, int d0, int d1, int d2, int d3) {
        int rank = f.rank;
        return d0 > 0 && (rank < 2 || d1 > 0) && (rank < 3 || d2 > 0) && (rank < 4 || d3 > 0);
    }

    private static long bytes(Family f, int d0, int d1, int d2, int d3) {
        int rank = f.rank;
        long n = (long) f.element.byteSize * d0;
        if (rank > 1) n *= d1;
        if (rank > 2) n *= d2;
        if (rank > 3) n *= d3;
        return n;
    }

    /**
     * One housekeeping pass at time {@code now} (nanos): dead threads' magazines come home, idle shapes are
     * trimmed when {@code trimDue}, then the totals are {@link #observe observed} (peaks, outstanding warning).
     */
    public void housekeep(long now, boolean trimDue) {
        if (trimDue) {
            trim(now); // reclaims dead threads' magazines too
        } else {
            reclaimDead();
        }
        settleGivenUp();
        observe();
    }

    /**
     * Settles what the GC took from the free lists under memory pressure (the housekeeper's pass, every second):
     * the depots and the stripes no thread holds at once; threads whose private magazines were cleared settle
     * them on their next operation (the generation changes, so they catch up). Counted as pressure drops, their
     * bytes given back to the budget; logged once ({@code autopool PRESSURE}).
     */
    public synchronized void settleGivenUp() {
        boolean magazinesCleared = false;
        for (ShapePool p : shapes.values()) {
            magazinesCleared |= p.settleGivenUp();
        }
        if (magazinesCleared) {
            generation++;
        }
        reportPressure();
    }

    /** Pre-allocates the given shapes into the depots (the JVM's zeroing of a new array touches its pages). */
    void warmUp(List<PoolSettings.WarmupShape> shapesToWarm) {
        for (PoolSettings.WarmupShape w : shapesToWarm) {
            Family f = Family.of(ElementType.of(w.shape().elementType()), w.shape().rank());
            int[] d = java.util.Arrays.copyOf(w.shape().dims(), 4);
            ShapePool p = shape(f, d[0], d[1], d[2], d[3]);
            for (int i = 0; i < w.count(); i++) {
                if (!p.put(f.newArray(w.shape().dims()), settings.shapeCap())) {
                    reportRefusal(p);
                    break;
                }
            }
        }
        sample();
    }

    /**
     * Takes over the private magazines of threads that have died: their arrays go to the depots (at most
     * {@code magazine.size} per shape and thread), their per-site counts to the sites' shared counters. O(threads
     * holding private magazines); the housekeeper runs it every second.
     */
    public synchronized void reclaimDead() {
        for (Iterator<ThreadCache> it = earnedCaches.iterator(); it.hasNext(); ) {
            ThreadCache tc = it.next();
            if (tc.ownerDead()) {
                for (Magazine m : tc.magazines()) {
                    if (m.pool.retired) {
                        m.flush();
                    } else {
                        m.pool.adopt(m);
                    }
                }
                tc.tally.retire();
                earned.forget(tc);
                it.remove();
            }
        }
    }

    /** How many threads hold private magazines (what a housekeeping pass looks at). */
    int earnedThreads() {
        return earnedCaches.size();
    }

    /**
     * One housekeeping pass at time {@code now} (nanos): threads that died give their magazines to the depots,
     * and shapes with no borrow or release since {@code trim.idle} give their free arrays back to the GC.
     */
    public synchronized void trim(long now) {
        reclaimDead();
        long idle = settings.trimIdleNanos();
        int next = generation + 1;
        boolean trimmed = false;
        for (ShapePool p : shapes.values()) {
            long activity = p.activity();
            if (activity != p.lastSeenActivity) {
                p.lastSeenActivity = activity;
                p.lastActiveNanos = now;
            } else if (idle > 0 && now - p.lastActiveNanos >= idle) {
                // Free the depot and the stripes now; private magazines are flushed by their own threads when
                // they next catch up; once nothing is committed any more, the shape itself is forgotten.
                p.clear();
                if (p.retireIfEmpty()) {
                    p.retireTallies();
                    retiredTotals = retiredTotals.plus(p.stats());
                    shapes.remove(new ShapeKey(p.family, p.d0, p.d1, p.d2, p.d3), p);
                }
                p.trimmedGeneration = next;
                trimmed = true;
            }
        }
        if (trimmed) {
            generation = next;
        }
    }

    /**
     * Gives every shape's free arrays back to the GC now, as an idle trim does (the JMX {@code trim} operation):
     * the depots and stripes at once, the threads' magazines when their owners next catch up. Returns the bytes freed.
     */
    public synchronized long trimAll() {
        int next = generation + 1;
        long freed = 0;
        for (ShapePool p : shapes.values()) {
            freed += p.clear() * p.bytes;
            p.trimmedGeneration = next;
        }
        generation = next;
        return freed;
    }

    /**
     * An array of this element type and these dimensions that the GC collected while still lent (a leak): it is no
     * longer outstanding. Called by the tracker's leak watcher, which sees every lent array's ledger record.
     */
    public void lost(Class<?> elementType, int[] dims) {
        Family f = dims.length < 1 || dims.length > 4 ? null
                : Family.of(java.lang.reflect.Array.newInstance(elementType, new int[dims.length]).getClass());
        if (f == null) {
            return;
        }
        int[] d = java.util.Arrays.copyOf(dims, 4);
        ShapePool p = shapes.get(new ShapeKey(f, d[0], d[1], d[2], d[3]));
        if (p != null) {
            p.lost();
        }
    }

    /**
     * Samples the peaks on a miss (when outstanding bytes grow), at most once a millisecond. The warning about
     * outstanding bytes is the housekeeper's alone (see {@link #observe}): a borrower never logs.
     */
    private void sample() {
        long now = System.nanoTime();
        if (now - lastSampleNanos < SAMPLE_INTERVAL_NANOS) {
            return;
        }
        lastSampleNanos = now;
        notePeaks(totals());
    }

    /**
     * The housekeeper's look at the totals (every pass, once a second): remembers the peaks and warns once when
     * more than {@code outstanding.warn} bytes are lent and not back. Returns the snapshot it looked at.
     */
    public PoolStats observe() {
        for (ShapePool p : shapes.values()) {
            p.notePeaks();
        }
        PoolStats sum = totals();
        notePeaks(sum);
        warnOutstanding(sum.outstandingBytes());
        return stats(sum);
    }

    private void notePeaks(PoolStats sum) {
        if (sum.retainedBytes() > peakRetained) {
            peakRetained = sum.retainedBytes();
        }
        if (sum.outstandingBytes() > peakOutstanding) {
            peakOutstanding = sum.outstandingBytes();
        }
    }

    /**
     * Totals over every shape: a pure snapshot (reading it twice changes nothing, logs nothing). A peak is at
     * least the current value, whether or not the housekeeper has noted it yet.
     */
    public PoolStats stats() {
        return stats(totals());
    }

    private PoolStats totals() {
        PoolStats sum = retiredTotals;
        for (ShapePool p : shapes.values()) {
            sum = sum.plus(p.stats());
        }
        return sum;
    }

    private PoolStats stats(PoolStats sum) {
        long unpooled = unpooledBorrows.sum() + late.misses.sum();
        long retained = sum.retainedBytes();
        long outstanding = sum.outstandingBytes();
        return new PoolStats(sum.borrows() + unpooled, sum.hits(), sum.misses() + unpooled,
                sum.releases() + unpooledReleases.sum() + late.releases.sum(),
                sum.drops() + unpooledReleases.sum() + late.drops.sum(), sum.pressureDrops(), retained,
                outstanding, Math.max(peakRetained, retained), Math.max(peakOutstanding, outstanding));
    }

    /** Counters per shape, largest retained first. */
    public List<ShapeStats> shapeStats() {
        List<ShapeStats> out = new ArrayList<>();
        for (ShapePool p : shapes.values()) {
            out.add(new ShapeStats(p.shape, p.stats()));
        }
        out.sort(Comparator.comparingLong((ShapeStats s) -> s.stats().retainedBytes()
                + s.stats().outstandingBytes()).reversed());
        return out;
    }

    /**
     * The soft references through which this pool holds its free arrays right now: for tests, which clear them
     * as the GC does before it throws an OutOfMemoryError.
     */
    List<java.lang.ref.Reference<?>> softHolds() {
        List<java.lang.ref.Reference<?>> out = new ArrayList<>();
        for (ShapePool p : shapes.values()) {
            p.softHolds(out);
        }
        return out;
    }

    /** The shapes the pool holds now (for tests). */
    java.util.Collection<ShapePool> shapePools() {
        return shapes.values();
    }

    /** Bytes committed against the budget now: free arrays and reserved magazine and stripe slots. */
    long committedBytes() {
        return budget.committed();
    }

    public long budgetBytes() {
        return budget.limit();
    }

    private void warnOutstanding(long outstanding) {
        long limit = settings.outstandingWarn();
        if (limit <= 0) {
            return;
        }
        if (outstanding > limit && !outstandingWarned) {
            outstandingWarned = true;
            ReportLog.warn("autopool OUTSTANDING " + Bytes.human(outstanding)
                    + " of pooled buffers are lent and not yet returned, above outstanding.warn="
                    + Bytes.human(limit) + "; largest " + shapeStats().get(0)
                    + ". Look for LEAK lines or a missing release rule, or raise outstanding.warn", null);
        } else if (outstanding < limit * 9 / 10) {
            outstandingWarned = false;
        }
    }

    /**
     * Says once, when the GC first took free arrays from the pool under memory pressure, what happened and what
     * to change; the count goes on in the summary's and JMX's {@code pressureDrops}.
     */
    private void reportPressure() {
        if (pressureReported) {
            return;
        }
        PoolStats sum = totals();
        if (sum.pressureDrops() == 0) {
            return;
        }
        pressureReported = true;
        if (!ReportLog.enabled(Level.INFO)) return;
        ReportLog.log(Level.INFO, "autopool PRESSURE the JVM ran short of heap and the GC took "
                + sum.pressureDrops() + " idle pooled buffers (budget=" + Bytes.human(settings.budget())
                + " of max heap " + Bytes.human(Runtime.getRuntime().maxMemory()) + "); the app lost nothing, "
                + "but the pool recycles less: lower budget= or raise -Xmx if this repeats (see pressureDrops in "
                + "the summary)", null);
    }

    private void reportRefusal(ShapePool p) {
        if (p.refusalReported) {
            return;
        }
        p.refusalReported = true;
        PoolSettings s = settings;
        if (!ReportLog.enabled(Level.INFO)) return;
        ReportLog.log(Level.INFO, "autopool BUDGET " + p.shape + " buffers released beyond the pool's budget ("
                + Bytes.human(budget.committed()) + " of budget=" + Bytes.human(s.budget()) + " kept, shape.max="
                + Bytes.human(s.shapeCap()) + ") are left to the GC; raise budget= or shape.max= to keep more", null);
    }

    /**
     * Written out: a record's generated equals/hashCode bootstrap method handles on first use, dozens of JDK
     * classes loaded on the thread of the app's first borrow.
     */
    private record ShapeKey(Family f, int d0, int d1, int d2, int d3) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ShapeKey k && f == k.f && d0 == k.d0 && d1 == k.d1 && d2 == k.d2 && d3 == k.d3;
        }

        @Override
        public int hashCode() {
            return hash(f, d0, d1, d2, d3);
        }

        static int hash(Family f, int d0, int d1, int d2, int d3) {
            int h = ((((f.id * 31 + d0) * 31 + d1) * 31 + d2) * 31 + d3) * 0x9E3779B9;
            return h ^ (h >>> 16);
        }
    }
}
