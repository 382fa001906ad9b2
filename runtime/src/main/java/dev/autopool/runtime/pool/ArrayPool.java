package dev.autopool.runtime.pool;

import dev.autopool.runtime.Sites;
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
 * The pool of every primitive array family and exact shape. A borrow is served from the calling thread's
 * magazine for that shape (no lock, no allocation), else from the shape's shared depot, else it misses and the
 * caller allocates with {@code new}. A release goes to the releasing thread's magazine, else the depot, else, over
 * the budget or the shape's cap, to the GC. Arrays released on another thread than the one that borrowed them
 * simply come home through the releasing thread.
 *
 * <p>Borrowed arrays always have exactly the requested shape and are all zeros unless the site opted out with
 * {@link Sites#NO_ZERO}. An array is in at most one place at a time (one magazine, which only its thread
 * touches, or the depot, behind a lock), so correct use never hands one array to two borrowers; double and
 * foreign returns are filtered out by {@link Tracker#releasing} before the pool takes anything back.
 */
public final class ArrayPool {
    private static final long SAMPLE_INTERVAL_NANOS = 1_000_000;

    private final ConcurrentHashMap<ShapeKey, ShapePool> shapes = new ConcurrentHashMap<>();
    private final ThreadLocal<ThreadCache> caches = ThreadLocal.withInitial(this::newCache);
    private final ConcurrentLinkedQueue<ThreadCache> allCaches = new ConcurrentLinkedQueue<>();
    private final Budget budget;
    private final LongAdder unpooledBorrows = new LongAdder();
    private final LongAdder unpooledReleases = new LongAdder();
    private volatile PoolSettings settings;
    /** Counters of shapes the pool has forgotten (see {@link ShapePool#retireIfEmpty}). */
    private volatile PoolStats retiredTotals = PoolStats.ZERO;
    /** Bumped by the trimmer when it marks shapes idle; threads catch up (flush those magazines) on a slow path. */
    private volatile int generation;
    private volatile long peakOutstanding;
    private volatile long peakRetained;
    private volatile long lastSampleNanos;
    private volatile boolean outstandingWarned;
    private volatile CompletableFuture<Void> warmup = CompletableFuture.completedFuture(null);

    public ArrayPool(PoolSettings settings) {
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
            Thread t = new Thread(() -> {
                try {
                    warmUp(s.warmup());
                    done.complete(null);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            }, "autopool-warmup");
            t.setDaemon(true);
            t.start();
        }
    }

    public PoolSettings settings() {
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
        ThreadCache tc = caches.get();
        Magazine m = tc.find(f, d0, d1, d2, d3);
        if (m != null && tc.seenGeneration == generation) {
            Object a = m.pop();
            if (a != null) {
                if ((a = handOut(tc, a, m.pool, site)) != null) {
                    return a;
                }
                m.hits--; // not lent after all: the matrix went to the GC
                m.drops++;
            }
        }
        return borrowSlow(tc, f, d0, d1, d2, d3, site);
    }

    /**
     * Registers an array the caller allocated after a miss as lent to {@code site}, and only now counts the miss:
     * had the caller's {@code new} thrown (OutOfMemoryError), nothing would be lent.
     */
    public <T> T fresh(T array, Family f, int d0, int d1, int d2, int d3, int site) {
        ThreadCache tc = caches.get();
        Magazine m = tc.pendingMiss;
        if (m != null) {
            tc.pendingMiss = null;
            if (m.pool.is(f, d0, d1, d2, d3)) {
                m.misses++;
                sample();
            }
        }
        Tracker.borrowed(array, site, bytes(f, d0, d1, d2, d3));
        return array;
    }

    /** Takes {@code array} back: into this thread's magazine, the shape's depot, or, over budget, nowhere. */
    public void release(Object array, int site) {
        if (array == null) {
            return;
        }
        ThreadCache tc = caches.get();
        Magazine m = tc.last;
        if (m != null && m.pool.fits(array)) {
            if (Tracker.releasing(tc.tally, array, site) && (tc.seenGeneration != generation || !m.push(array))) {
                ShapePool p = m.pool;
                releaseSlow(tc, p.family, array, p.d0, p.d1, p.d2, p.d3);
            }
        } else if (Family.of(array.getClass()) != null && Tracker.releasing(tc.tally, array, site)) {
            takeBack(tc, array);
        }
    }

    /**
     * Takes {@code array} back only if its current loan is the one of {@code generation} (see
     * {@link Tracker#releasing(Object, int, int)}); a stale release is refused and reported.
     */
    public void releaseLoan(Object array, int generation, int site) {
        if (array != null && Family.of(array.getClass()) != null && Tracker.releasing(array, generation, site)) {
            takeBack(caches.get(), array);
        }
    }

    /**
     * Puts back an array the tracker has already accepted (the way home out of its paranoid quarantine, and
     * for {@code releaseIfBorrowed}); anything that is no pooled array is ignored.
     */
    public void recycle(Object array) {
        if (array != null && Family.of(array.getClass()) != null) {
            takeBack(caches.get(), array);
        }
    }

    /**
     * The tracker holds {@code array}, just released, in its quarantine (at {@code full} and {@code paranoid}):
     * it is no longer lent, so the shape counts its release now, not when it leaves the quarantine.
     */
    public void heldBack(Object array) {
        countRelease(caches.get(), array, 1);
    }

    /** {@code array} leaves the tracker's quarantine: back on a free list, its release already counted. */
    public void returnHeld(Object array) {
        if (array != null && Family.of(array.getClass()) != null) {
            ThreadCache tc = caches.get();
            takeBack(tc, array);
            countRelease(tc, array, -1);
        }
    }

    /** Adds {@code delta} to the calling thread's release count of {@code array}'s shape. */
    private void countRelease(ThreadCache tc, Object array, int delta) {
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
            magazine(tc, f, d0, d1, d2, d3).releases += delta;
        }
    }

    private void takeBack(ThreadCache tc, Object array) {
        Family f = Family.of(array.getClass());
        int rank = f.rank;
        int d0 = Array.getLength(array);
        int d1 = rank > 1 ? f.dim(array, 1) : 0;
        int d2 = rank > 2 ? f.dim(array, 2) : 0;
        int d3 = rank > 3 ? f.dim(array, 3) : 0;
        Magazine m = tc.find(f, d0, d1, d2, d3);
        if (m == null || tc.seenGeneration != generation || !m.push(array)) {
            releaseSlow(tc, f, array, d0, d1, d2, d3);
        }
    }

    /**
     * Makes a recycled array ready for {@code site} and lends it; null when the tracker found its rows changed
     * (then it goes to the GC unzeroed, since a changed row may be someone else's live data).
     */
    private Object handOut(ThreadCache tc, Object a, ShapePool p, int site) {
        int verdict = Tracker.handingOut(tc.tally, a, site, zeroes(site));
        if (verdict == Tracker.DROP) {
            return null;
        }
        if (verdict == Tracker.ZERO) {
            p.family.zero(a);
        }
        Tracker.borrowed(tc.tally, a, site, p.bytes);
        return a;
    }

    private static boolean zeroes(int site) {
        return (Sites.flags(site) & Sites.NO_ZERO) == 0;
    }

    private Object borrowSlow(ThreadCache tc, Family f, int d0, int d1, int d2, int d3, int site) {
        catchUp(tc);
        if (!poolable(f, d0, d1, d2, d3)) {
            unpooledBorrows.increment();
            return null;
        }
        Magazine m = magazine(tc, f, d0, d1, d2, d3);
        for (Object a; (a = m.pop()) != null; ) {
            if ((a = handOut(tc, a, m.pool, site)) != null) {
                return a;
            }
            m.hits--;
            m.drops++;
        }
        for (Object a; (a = m.pool.take()) != null; ) {
            if ((a = handOut(tc, a, m.pool, site)) != null) {
                m.hits++;
                return a;
            }
            m.drops++;
        }
        tc.pendingMiss = m; // counted by fresh once the caller's new has succeeded
        return null;
    }

    private void releaseSlow(ThreadCache tc, Family f, Object array, int d0, int d1, int d2, int d3) {
        catchUp(tc);
        if (!poolable(f, d0, d1, d2, d3)) {
            unpooledReleases.increment();
            return;
        }
        Magazine m = magazine(tc, f, d0, d1, d2, d3);
        ShapePool p = m.pool;
        long cap = settings.shapeCap();
        // Only a thread that borrows this shape gets magazine slots for it: a thread that just consumes what
        // others borrowed would otherwise park arrays in a magazine nobody draws from.
        boolean borrower = m.hits + m.misses > 0;
        if (m.push(array) || (borrower && p.reserveSlot(m, cap) && m.push(array))) {
            return;
        }
        m.releases++;
        if (!p.put(array, cap)) {
            m.drops++;
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
            PoolSettings s = settings;
            m = p.newMagazine(p.bytes <= s.magazineMaxBytes() ? s.magazineSize() : 0);
            tc.add(m);
        }
        return m;
    }

    private ShapePool shape(Family f, int d0, int d1, int d2, int d3) {
        return shapes.computeIfAbsent(new ShapeKey(f, d0, d1, d2, d3),
                k -> new ShapePool(f, java.util.Arrays.copyOf(new int[] {d0, d1, d2, d3}, f.rank), budget));
    }

    private ThreadCache newCache() {
        ThreadCache tc = new ThreadCache(generation);
        allCaches.add(tc);
        return tc;
    }

    private static boolean poolable(Family f, int d0, int d1, int d2, int d3) {
        int rank = f.rank;
        return d0 > 0 && (rank < 2 || d1 > 0) && (rank < 3 || d2 > 0) && (rank < 4 || d3 > 0);
    }

    private static long bytes(Family f, int d0, int d1, int d2, int d3) {
        int rank = f.rank;
        long n = (long) f.kind.byteSize * d0;
        if (rank > 1) n *= d1;
        if (rank > 2) n *= d2;
        if (rank > 3) n *= d3;
        return n;
    }

    /** Pre-allocates the given shapes into the depots (the JVM's zeroing of a new array touches its pages). */
    void warmUp(List<PoolSettings.WarmupShape> shapesToWarm) {
        for (PoolSettings.WarmupShape w : shapesToWarm) {
            Family f = Family.of(Kind.of(w.shape().elementType()), w.shape().rank());
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
     * One housekeeping pass at time {@code now} (nanos): threads that died give their magazines to the depots,
     * and shapes with no borrow or release since {@code trim.idle} give their free arrays back to the GC.
     */
    public synchronized void trim(long now) {
        for (Iterator<ThreadCache> it = allCaches.iterator(); it.hasNext(); ) {
            ThreadCache tc = it.next();
            if (!tc.owner.isAlive()) {
                for (Magazine m : tc.magazines()) {
                    if (m.pool.retired) {
                        m.flush();
                    } else {
                        m.pool.adopt(m);
                    }
                }
                it.remove();
            }
        }
        long idle = settings.trimIdleNanos();
        int next = generation + 1;
        boolean trimmed = false;
        for (ShapePool p : shapes.values()) {
            long activity = p.activity();
            if (activity != p.lastSeenActivity) {
                p.lastSeenActivity = activity;
                p.lastActiveNanos = now;
            } else if (idle > 0 && now - p.lastActiveNanos >= idle) {
                // Free the depot now; magazines are flushed by their own threads when they next catch up; once
                // nothing is committed any more, the shape itself is forgotten.
                p.clearDepot();
                if (p.retireIfEmpty()) {
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
     * the depots at once, the threads' magazines when their owners next catch up. Returns the depot bytes freed.
     */
    public synchronized long trimAll() {
        int next = generation + 1;
        long freed = 0;
        for (ShapePool p : shapes.values()) {
            freed += p.clearDepot() * p.bytes;
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

    /** Samples the totals for the peaks and the outstanding warning, at most once a millisecond. */
    private void sample() {
        long now = System.nanoTime();
        if (now - lastSampleNanos < SAMPLE_INTERVAL_NANOS) {
            return;
        }
        lastSampleNanos = now;
        stats();
    }

    /** Totals over every shape. */
    public PoolStats stats() {
        PoolStats sum = retiredTotals;
        for (ShapePool p : shapes.values()) {
            sum = sum.plus(p.stats());
        }
        long unpooled = unpooledBorrows.sum();
        long retained = sum.retainedBytes();
        long outstanding = sum.outstandingBytes();
        if (retained > peakRetained) {
            peakRetained = retained;
        }
        if (outstanding > peakOutstanding) {
            peakOutstanding = outstanding;
        }
        warnOutstanding(outstanding);
        return new PoolStats(sum.borrows() + unpooled, sum.hits(), sum.misses() + unpooled,
                sum.releases() + unpooledReleases.sum(), sum.drops() + unpooledReleases.sum(), retained,
                outstanding, peakRetained, peakOutstanding);
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
            return (((f.hashCode() * 31 + d0) * 31 + d1) * 31 + d2) * 31 + d3;
        }
    }
}
