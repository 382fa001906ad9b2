package dev.autopool.runtime.pool;

import java.util.Arrays;

/**
 * Everything the pool keeps for one exact shape: the shared depot of free arrays (behind this object's lock,
 * used only when a thread's magazine is empty or full), the magazines of the threads that use the shape, and
 * the shape's share of the budget. Arrays in the depot and reserved magazine slots are "committed": together
 * they never exceed the per-shape cap nor, over all shapes, the budget.
 */
final class ShapePool {
    final Family family;
    final int d0;
    final int d1;
    final int d2;
    final int d3;
    final int[] dims;
    final long bytes;
    final Shape shape;
    final Class<?> arrayClass;
    private final Budget budget;

    private Object[] depot = new Object[4];
    private int depotSize;
    private long committedBytes;
    private volatile Magazine[] magazines = new Magazine[0];
    /** Counters of magazines whose threads have died. */
    private long pastHits, pastMisses, pastReleases, pastDrops;
    /** Lent arrays the GC collected (leaks): no longer outstanding, though never released. */
    private long lostLoans;
    private volatile long peakOutstanding;
    private volatile long peakRetained;

    /** Trim bookkeeping, touched only by the trimming thread (and the generation read by owners). */
    long lastSeenActivity = -1;
    long lastActiveNanos;
    volatile int trimmedGeneration;
    volatile boolean refusalReported;
    /** Set once the pool has forgotten this shape; nothing may be committed to it any more. */
    volatile boolean retired;

    ShapePool(Family family, int[] dims, Budget budget) {
        this.family = family;
        this.dims = dims.clone();
        this.d0 = dims[0];
        this.d1 = dims.length > 1 ? dims[1] : 0;
        this.d2 = dims.length > 2 ? dims[2] : 0;
        this.d3 = dims.length > 3 ? dims[3] : 0;
        long n = family.kind.byteSize;
        for (int d : dims) {
            n *= d;
        }
        this.bytes = n;
        this.shape = Shape.of(family.kind.type, dims);
        this.arrayClass = java.lang.reflect.Array.newInstance(family.kind.type, new int[dims.length]).getClass();
        this.budget = budget;
    }

    boolean is(Family f, int e0, int e1, int e2, int e3) {
        return family == f && d0 == e0 && d1 == e1 && d2 == e2 && d3 == e3;
    }

    /** Whether {@code array} is of this family and, along its first rows, of this shape. */
    boolean fits(Object array) {
        if (array.getClass() != arrayClass) {
            return false;
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

    synchronized Magazine newMagazine(int capacity) {
        Magazine m = new Magazine(this, capacity);
        Magazine[] old = magazines;
        Magazine[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = m;
        magazines = grown;
        return m;
    }

    /** A free array from the depot, or null. */
    synchronized Object take() {
        if (depotSize == 0) {
            return null;
        }
        Object a = depot[--depotSize];
        depot[depotSize] = null;
        committedBytes -= bytes;
        budget.free(bytes);
        return a;
    }

    /** Keeps {@code array} in the depot if the shape cap and the budget allow; false means: drop it. */
    synchronized boolean put(Object array, long shapeCap) {
        if (!commit(shapeCap)) {
            return false;
        }
        if (depotSize == depot.length) {
            depot = Arrays.copyOf(depot, depotSize * 2);
        }
        depot[depotSize++] = array;
        return true;
    }

    /** Reserves one more magazine slot for {@code m} if the shape cap and the budget allow. */
    synchronized boolean reserveSlot(Magazine m, long shapeCap) {
        if (m.slots >= m.items.length || !commit(shapeCap)) {
            return false;
        }
        m.slots++;
        return true;
    }

    synchronized void freeSlots(int n) {
        committedBytes -= n * bytes;
        budget.free(n * bytes);
    }

    /**
     * Forgets this shape if it holds nothing and lends nothing: an app that makes ever new shapes (images of every
     * size) must not grow the pool without bound. Threads drop their magazines of it when they next catch up.
     */
    synchronized boolean retireIfEmpty() {
        if (committedBytes != 0 || outstandingBytes() != 0) {
            return false;
        }
        retired = true;
        return true;
    }

    private boolean commit(long shapeCap) {
        if (retired || committedBytes + bytes > shapeCap || !budget.tryReserve(bytes)) {
            return false;
        }
        committedBytes += bytes;
        return true;
    }

    /** Drops every depot array to the GC; returns how many. */
    synchronized int clearDepot() {
        int n = depotSize;
        Arrays.fill(depot, 0, n, null);
        depotSize = 0;
        committedBytes -= n * bytes;
        budget.free(n * bytes);
        return n;
    }

    /**
     * Takes over the magazine of a thread that has died: its arrays move to the depot (their budget share moves
     * with them), its counters are kept. Safe because the owner's death happens-before {@code isAlive() == false}.
     */
    synchronized void adopt(Magazine m) {
        for (int i = 0; i < m.size; i++) {
            if (depotSize == depot.length) {
                depot = Arrays.copyOf(depot, depotSize * 2);
            }
            depot[depotSize++] = m.items[i];
            m.items[i] = null;
        }
        int unused = m.slots - m.size;
        committedBytes -= unused * bytes;
        budget.free(unused * bytes);
        m.size = 0;
        m.slots = 0;
        pastHits += m.hits;
        pastMisses += m.misses;
        pastReleases += m.releases;
        pastDrops += m.drops;
        Magazine[] old = magazines;
        Magazine[] kept = new Magazine[old.length - 1];
        int n = 0;
        for (Magazine o : old) {
            if (o != m && n < kept.length) {
                kept[n++] = o;
            }
        }
        magazines = kept;
    }

    /** Hits + misses + releases so far: the trimmer calls a shape idle when this stops moving. */
    long activity() {
        long n;
        synchronized (this) {
            n = pastHits + pastMisses + pastReleases;
        }
        for (Magazine m : magazines) {
            n += m.hits + m.misses + m.releases;
        }
        return n;
    }

    long outstandingBytes() {
        long borrows;
        long releases;
        synchronized (this) {
            borrows = pastHits + pastMisses;
            releases = pastReleases + lostLoans;
        }
        for (Magazine m : magazines) {
            borrows += m.hits + m.misses;
            releases += m.releases;
        }
        long out = Math.max(0, borrows - releases) * bytes;
        if (out > peakOutstanding) {
            peakOutstanding = out;
        }
        return out;
    }

    /** One lent array of this shape was collected; ignored when none is outstanding (it was another pool's). */
    synchronized void lost() {
        if (outstandingBytes() > 0) {
            lostLoans++;
        }
    }

    long retainedBytes() {
        long n;
        synchronized (this) {
            n = depotSize;
        }
        for (Magazine m : magazines) {
            n += m.size;
        }
        long retained = n * bytes;
        if (retained > peakRetained) {
            peakRetained = retained;
        }
        return retained;
    }

    /** A snapshot of this shape's counters; racy across threads by a few operations at most. */
    PoolStats stats() {
        long hits, misses, releases, drops;
        synchronized (this) {
            hits = pastHits;
            misses = pastMisses;
            releases = pastReleases;
            drops = pastDrops;
        }
        for (Magazine m : magazines) {
            hits += m.hits;
            misses += m.misses;
            releases += m.releases;
            drops += m.drops;
        }
        long retained = retainedBytes();
        long outstanding = outstandingBytes();
        return new PoolStats(hits + misses, hits, misses, releases, drops, retained, outstanding,
                peakRetained, peakOutstanding);
    }
}
