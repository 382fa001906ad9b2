package dev.autopool.runtime.pool;

import dev.autopool.runtime.internal.ElementType;
import dev.autopool.runtime.track.SiteTally;
import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the pool keeps for one exact shape: the shared cache ({@link Stripe}s any thread may take with one
 * CAS), the shared depot of free arrays behind this object's lock (used when the stripes a thread looks at are
 * empty or full), the private magazines of the threads that earned one, and the shape's share of the budget.
 * Arrays in the depot and reserved stripe and magazine slots are "committed": together they never exceed the
 * per-shape cap nor, over all shapes, the budget.
 *
 * <p>Every free array is held softly: the depot's array through one {@link SoftReference} (re-made when it
 * grows or after the GC cleared it), each magazine's and stripe's likewise (see {@link Magazine}). The JVM clears
 * all soft references before it throws an {@link OutOfMemoryError}, so idle buffers never cost the app an OOM it
 * would not have had. What the GC took is settled by whoever next holds the structure (this lock for the depot):
 * counted as pressure drops, its committed bytes given back to the budget.
 */
final class ShapePool {
    /** How many stripes a borrow or release looks at before it goes to the depot. */
    static final int NEIGHBOURS = 4;

    final Family family;
    final int d0;
    final int d1;
    final int d2;
    final int d3;
    final int[] dims;
    final long bytes;
    final Shape shape;
    final Class<?> arrayClass;
    final Stripe[] stripes;
    private final Budget budget;
    /** Where counts go once this shape is retired (its own were folded into the pool's totals then). */
    private final LateCounts late;

    /** A cleared depot until it keeps something again; its referent is reachable from here for good. */
    private static final Object[] NOTHING = new Object[0];
    private static final SoftReference<Object[]> NO_DEPOT = new SoftReference<>(NOTHING);

    /** The depot's free arrays (the first {@link #depotSize}), held softly; under this lock. */
    private SoftReference<Object[]> depot = NO_DEPOT;
    private int depotSize;
    private final AtomicLong committedBytes = new AtomicLong();
    /** Private magazines of threads that earned one; copied on change (rare: only long-lived threads earn). */
    private volatile Magazine[] magazines = new Magazine[0];
    /** Counters of depot hits, misses and releases (written under this lock) and of dead threads' magazines. */
    private long pastHits, pastMisses, pastReleases, pastDrops;
    /** Arrays the GC took from the depot and from dead threads' magazines under memory pressure (this lock). */
    private long pastPressureDrops;
    /** Lent arrays the GC collected (leaks): no longer outstanding, though never released. */
    private long lostLoans;
    /**
     * Releases of arrays the tracker holds in its quarantine (counted when they enter it, taken back when they
     * leave it and their way home counts them again): any thread may add, virtual or not, with or without a
     * magazine of this shape.
     */
    private final LongAdder heldReleases = new LongAdder();
    /** Per-site counts of borrows served or missed by the depot, written under this lock. */
    private final SiteTally depotTally = new SiteTally();
    private volatile long peakOutstanding;
    private volatile long peakRetained;

    /** Trim bookkeeping, touched only by the trimming thread (and the generation read by owners). */
    long lastSeenActivity = -1;
    long lastActiveNanos;
    volatile int trimmedGeneration;
    volatile boolean refusalReported;
    /** Set once the pool has forgotten this shape; nothing may be committed to it any more. */
    volatile boolean retired;

    ShapePool(Family family, int[] dims, Budget budget, LateCounts late, int stripeCount, int magazineCapacity) {
        this.late = late;
        this.family = family;
        this.dims = dims.clone();
        this.d0 = dims[0];
        this.d1 = dims.length > 1 ? dims[1] : 0;
        this.d2 = dims.length > 2 ? dims[2] : 0;
        this.d3 = dims.length > 3 ? dims[3] : 0;
        long n = family.element.byteSize;
        for (int d : dims) {
            n *= d;
        }
        this.bytes = n;
        this.shape = Shape.of(family.element.type, dims);
        this.arrayClass = java.lang.reflect.Array.newInstance(family.element.type, new int[dims.length]).getClass();
        this.budget = budget;
        this.stripes = new Stripe[stripeCount];
        for (int i = 0; i < stripeCount; i++) {
            stripes[i] = new Stripe(this, magazineCapacity);
        }
    }

    boolean is(Family f, int e0, int e1, int e2, int e3) {
        return family == f && d0 == e0 && d1 == e1 && d2 == e2 && d3 == e3;
    }

    /** Whether {@code array} is of this family and, along its first rows, of this shape. */
    boolean fits(Object array) {
        if (array.getClass() != arrayClass) {
            return false;
        }
        if (dims.length == 1) {
            return java.lang.reflect.Array.getLength(array) == d0; // the common 1-D buffer: one length
        }
        Object a = array;
        for (int level = 0; ; level++) {
            if (java.lang.reflect.Array.getLength(a) != dims[level]) {
                return false;
            }
            if (level == dims.length - 1) {
                return true;
            }
            if ((a = ((Object[]) a)[0]) == null) {
                return false;
            }
        }
    }

    /**
     * A free array from the stripes around {@code probe}, counted at {@code site} in the stripe that served it;
     * or null. A stripe that looks empty or is held by another thread is skipped, never waited for.
     */
    Object takeShared(int probe, int site) {
        SiteTally.prepare(site); // a first count inside the stripe must not create the site's counters there
        Stripe[] ss = stripes;
        int mask = ss.length - 1;
        int reach = Math.min(NEIGHBOURS, ss.length);
        boolean skippedHeld = false;
        for (int k = 0; k < 2 * reach; k++) {
            if (k == reach && !skippedHeld) {
                break; // a second look only if a stripe with arrays was busy the first time
            }
            Stripe s = ss[(probe + k) & mask];
            if (s.size != 0) { // a hint; the pop under the hold decides
                if (!s.tryHold()) {
                    skippedHeld = true;
                    continue;
                }
                Object a;
                try {
                    a = s.pop();
                    if (a != null) {
                        s.tally.borrowed(site, bytes, true); // may allocate: let go even if that throws
                    }
                } finally {
                    s.letGo();
                }
                if (a != null) {
                    return a;
                }
            }
        }
        return null;
    }

    /** Keeps {@code array} in one of the stripes around {@code probe}; false when all of them are full or held. */
    boolean putShared(int probe, Object array, long shapeCap) {
        Stripe[] ss = stripes;
        int mask = ss.length - 1;
        for (int k = 0; k < NEIGHBOURS && k < ss.length; k++) {
            Stripe s = ss[(probe + k) & mask];
            if (s.size < s.capacity && s.tryHold()) {
                boolean kept;
                try {
                    kept = s.pushOrReserve(array, shapeCap);
                } finally {
                    s.letGo();
                }
                if (kept) {
                    return true;
                }
            }
        }
        return false;
    }

    synchronized Magazine newMagazine(int capacity) {
        Magazine m = new Magazine(this, capacity);
        Magazine[] old = magazines;
        Magazine[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = m;
        magazines = grown;
        return m;
    }

    /**
     * A free array from the depot, or null. A hit is counted as a borrow at {@code site} here when {@code count};
     * a miss never is: the caller's {@code new} may still throw, so {@link #missed} counts it once that succeeded.
     */
    synchronized Object take(int site, boolean count) {
        Object[] d = depotItems();
        if (depotSize == 0) {
            return null;
        }
        Object a = d[--depotSize];
        d[depotSize] = null;
        uncommit(bytes);
        if (count) {
            pastHits++; // the depot of a retired shape is empty: a hit here is never late
            countAt(site, true);
        }
        return a;
    }

    /** Counts a borrow at {@code site} in the depot's tally (this lock held), or shared once the shape retired. */
    private void countAt(int site, boolean recycled) {
        if (retired) {
            SiteTally.unowned(site, bytes, recycled);
        } else {
            depotTally.borrowed(site, bytes, recycled);
        }
    }

    /** Keeps {@code array} in the depot if the shape cap and the budget allow; false means: drop it. */
    synchronized boolean put(Object array, long shapeCap) {
        if (!commit(shapeCap)) {
            return false;
        }
        Object[] d = depotItems();
        if (depotSize == d.length && (d = growDepot(d)) == null) {
            uncommit(bytes);
            return false;
        }
        d[depotSize++] = array;
        return true;
    }

    /**
     * The depot's array (this lock held); if the GC cleared it under memory pressure, first settles what it took:
     * counted as pressure drops, its bytes given back to the budget. Allocates nothing.
     */
    private Object[] depotItems() {
        Object[] d = depot.get();
        if (d == null) {
            pastPressureDrops += depotSize;
            uncommit(depotSize * bytes);
            depotSize = 0;
            depot = NO_DEPOT;
            d = NOTHING;
        }
        return d;
    }

    /**
     * A larger copy of the depot's array, now the depot's; null if even that allocation fails (then the caller
     * gives its array to the GC: a release must never throw an OutOfMemoryError the app's code would not).
     */
    private Object[] growDepot(Object[] d) {
        try {
            Object[] grown = Arrays.copyOf(d, Math.max(4, depotSize * 2));
            depot = new SoftReference<>(grown);
            return grown;
        } catch (OutOfMemoryError e) {
            return null;
        }
    }

    /**
     * Settles what the GC took under memory pressure from the depot and from every stripe no thread holds right
     * now (the housekeeper's pass); returns whether a private magazine of a live thread was cleared too, which
     * only its owner may settle (it does when it next catches up).
     */
    boolean settleGivenUp() {
        synchronized (this) {
            depotItems();
        }
        for (Stripe s : stripes) {
            if (s.cleared() && s.tryHold()) {
                try {
                    if (s.cleared()) {
                        s.givenUp();
                    }
                } finally {
                    s.letGo();
                }
            }
        }
        for (Magazine m : magazines) {
            if (m.cleared()) {
                return true;
            }
        }
        return false;
    }

    /** A release the caller could not keep anywhere else: into the depot, or counted as a drop. */
    synchronized boolean putCounted(Object array, long shapeCap) {
        if (retired) {
            late.releases.increment();
            late.drops.increment();
            return false;
        }
        pastReleases++;
        if (put(array, shapeCap)) {
            return true;
        }
        pastDrops++;
        return false;
    }

    /** Adds {@code delta} to the releases of arrays in the tracker's quarantine (see {@link #heldReleases}). */
    void countHeld(int delta) {
        if (retired) {
            late.releases.add(delta);
        } else {
            heldReleases.add(delta);
        }
    }

    /**
     * A recycled array a stripe or the depot served (and counted as a hit, at the shape and at {@code site}) was
     * not lent after all: its rows changed, so it goes to the GC. The hit becomes a drop. Counted here and in the
     * site's shared counters, since the stripe that counted the hit may be held by another thread by now. The
     * shape cannot have retired in between: the hit made it lend something.
     */
    synchronized void undoHit(int site) {
        pastHits--;
        pastDrops++;
        SiteTally.undoRecycled(site, bytes);
    }

    /** A borrow no magazine, stripe or depot could serve was allocated by the caller: now it is lent. */
    synchronized void missed(int site) {
        countMiss(site);
    }

    /** Counts a borrow that no magazine, stripe or depot could serve (under this lock). */
    private void countMiss(int site) {
        if (retired) {
            late.misses.increment();
        } else {
            pastMisses++;
        }
        countAt(site, false);
    }

    /**
     * Reserves one more slot for {@code m} if the shape cap and the budget allow. Lock-free: the caller holds
     * {@code m} (its own magazine, or a stripe it took), and nothing inside a stripe may block.
     */
    boolean reserveSlot(Magazine m, long shapeCap) {
        if (m.slots >= m.capacity || !commit(shapeCap)) {
            return false;
        }
        m.slots++;
        return true;
    }

    void freeSlots(int n) {
        uncommit(n * bytes);
    }

    /**
     * Forgets this shape if it holds nothing and lends nothing. From then on its counts go to {@link LateCounts}
     * (a thread may still hold this object for a moment; nothing can be kept in it any more): an app that makes ever new shapes (images of every
     * size) must not grow the pool without bound. Threads drop their magazines of it when they next catch up. The
     * retired flag is set before committed bytes are read, and a commit reads the flag after it counts itself,
     * so either the commit or the retirement gives way.
     */
    synchronized boolean retireIfEmpty() {
        retired = true;
        if (committedBytes.get() != 0 || outstandingBytes() != 0) {
            retired = false;
            return false;
        }
        return true;
    }

    /**
     * After {@link #retireIfEmpty}: holds every stripe for good (late users skip them) and moves the per-site
     * counts of the stripes and the depot into the sites' shared counters.
     */
    void retireTallies() {
        for (Stripe s : stripes) {
            s.hold();
            s.tally.retire();
        }
        synchronized (this) {
            depotTally.retire();
        }
    }

    private boolean commit(long shapeCap) {
        for (long c = committedBytes.get(); ; c = committedBytes.get()) {
            if (c + bytes > shapeCap) {
                return false;
            }
            if (committedBytes.compareAndSet(c, c + bytes)) {
                break;
            }
        }
        if (!budget.tryReserve(bytes)) {
            committedBytes.addAndGet(-bytes);
            return false;
        }
        if (retired) {
            uncommit(bytes);
            return false;
        }
        return true;
    }

    private void uncommit(long n) {
        committedBytes.addAndGet(-n);
        budget.free(n);
    }

    /** Drops every depot array to the GC, and the arrays of every stripe no thread holds; returns how many. */
    int clear() {
        int n;
        synchronized (this) {
            Object[] d = depotItems();
            n = depotSize;
            Arrays.fill(d, 0, n, null);
            depotSize = 0;
            uncommit(n * bytes);
        }
        for (Stripe s : stripes) {
            if (s.tryHold()) {
                n += s.held();
                s.flush();
                s.letGo();
            }
        }
        return n;
    }

    /**
     * Takes over the magazine of a thread that has died: its arrays move to the depot (their budget share moves
     * with them), its counters are kept. Safe because the owner's death happens-before {@code isAlive() == false}.
     */
    synchronized void adopt(Magazine m) {
        Object[] items = m.items.get();
        if (items == null) {
            m.givenUp(); // the GC took its arrays under memory pressure: counted, their slots given back
        }
        Object[] d = depotItems();
        int moved = 0;
        for (int i = 0; i < m.size; i++) {
            if (depotSize == d.length && (d = growDepot(d)) == null) {
                break; // no memory even for a larger depot: the rest go to the GC with the magazine
            }
            d[depotSize++] = items[i];
            items[i] = null;
            moved++;
        }
        int unused = m.slots - moved;
        uncommit(unused * bytes);
        pastDrops += m.size - moved;
        m.size = 0;
        m.slots = 0;
        pastHits += m.hits;
        pastMisses += m.misses;
        pastReleases += m.releases;
        pastDrops += m.drops;
        pastPressureDrops += m.pressureDrops;
        Magazine[] old = magazines;
        Magazine[] kept = new Magazine[Math.max(0, old.length - 1)];
        int n = 0;
        for (Magazine o : old) {
            if (o != m && n < kept.length) {
                kept[n++] = o;
            }
        }
        magazines = kept;
    }

    /** Adds the soft references holding this shape's free arrays now to {@code out} (for tests, which clear them). */
    void softHolds(java.util.List<java.lang.ref.Reference<?>> out) {
        synchronized (this) {
            if (depot != NO_DEPOT) {
                out.add(depot);
            }
        }
        for (Magazine m : stripes) {
            m.softHold(out);
        }
        for (Magazine m : magazines) {
            m.softHold(out);
        }
    }

    /** Hits + misses + releases so far: the trimmer calls a shape idle when this stops moving. */
    long activity() {
        long[] c = counters();
        return c[0] + c[1] + c[2];
    }

    /**
     * Hits, misses, releases, drops, free arrays held, pressure drops: the depot's, the stripes' and the
     * magazines'. Arrays the GC took and nobody settled yet count as held no longer, and as pressure drops.
     */
    private long[] counters() {
        long hits, misses, releases, drops, held, pressureDrops;
        synchronized (this) {
            hits = pastHits;
            misses = pastMisses;
            releases = pastReleases + heldReleases.sum();
            drops = pastDrops;
            boolean cleared = depot.refersTo(null);
            held = cleared ? 0 : depotSize;
            pressureDrops = pastPressureDrops + (cleared ? depotSize : 0);
        }
        long[] c = {hits, misses, releases, drops, held, pressureDrops};
        addCounts(c, stripes);
        addCounts(c, magazines);
        return c;
    }

    private static void addCounts(long[] c, Magazine[] from) {
        for (Magazine m : from) {
            c[0] += m.hits;
            c[1] += m.misses;
            c[2] += m.releases;
            c[3] += m.drops;
            c[4] += m.held();
            c[5] += m.pressureDropsSeen();
        }
    }

    long outstandingBytes() {
        long[] c = counters();
        return outstanding(c);
    }

    /** Lent and not back: hits and misses, less releases and lost (collected) loans. */
    private long outstanding(long[] c) {
        long lost;
        synchronized (this) {
            lost = lostLoans;
        }
        return Math.max(0, c[0] + c[1] - c[2] - lost) * bytes;
    }

    /** One lent array of this shape was collected; ignored when none is outstanding (it was another pool's). */
    synchronized void lost() {
        if (outstandingBytes() > 0) {
            lostLoans++;
        }
    }

    long retainedBytes() {
        return retained(counters());
    }

    private long retained(long[] c) {
        return c[4] * bytes;
    }

    /**
     * Remembers the current retained and outstanding bytes if they are peaks (the housekeeper's pass and the
     * pool's rate-limited sampling on a miss); the only writer of the peaks, so a snapshot changes nothing.
     */
    void notePeaks() {
        long[] c = counters();
        long retained = retained(c);
        long outstanding = outstanding(c);
        if (retained > peakRetained) {
            peakRetained = retained;
        }
        if (outstanding > peakOutstanding) {
            peakOutstanding = outstanding;
        }
    }

    /**
     * A snapshot of this shape's counters; racy across threads by a few operations at most. Changes nothing: a
     * peak is at least the current value, whether or not {@link #notePeaks} has seen it yet.
     */
    PoolStats stats() {
        long[] c = counters();
        long retained = retained(c);
        long outstanding = outstanding(c);
        return new PoolStats(c[0] + c[1], c[0], c[1], c[2], c[3], c[5], retained, outstanding,
                Math.max(peakRetained, retained), Math.max(peakOutstanding, outstanding));
    }
}
