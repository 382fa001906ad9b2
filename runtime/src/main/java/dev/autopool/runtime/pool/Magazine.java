package dev.autopool.runtime.pool;

import java.lang.ref.SoftReference;

/**
 * A small stack of free arrays of one shape, in front of the shape's shared depot: a thread's private magazine,
 * which only its owner touches, or one {@link Stripe} of the shared cache, which a thread touches only while it
 * holds it. Either way the items and the counters are written plainly by one thread at a time, so a hit or a
 * release costs no lock and no atomic instruction; other threads read the counters without locking for metrics
 * (a count may show up a little late). {@link #slots} is the part of the budget this magazine has reserved: it
 * never holds more arrays than that.
 *
 * <p>The items array is held through one {@link SoftReference}, made when the magazine is made (or re-made
 * after the GC cleared it), never per hit or release: free arrays are memory the app does not use, and the JVM
 * clears every soft reference before it throws an {@link OutOfMemoryError}, so an idle buffer never costs the
 * app an OOM it would not have had without the pool. Whoever holds the magazine next finds it cleared and
 * {@link #givenUp settles}: the lost arrays count as {@link #pressureDrops} and their reserved slots go back to
 * the budget.
 */
class Magazine {
    /** A cleared magazine's items until it keeps something again; its referent is reachable from here for good. */
    private static final SoftReference<Object[]> NONE = new SoftReference<>(new Object[0]);

    final ShapePool pool;
    /** How many arrays it may hold. */
    final int capacity;
    /** The free arrays, held softly; {@link #NONE} after the GC cleared them until a release re-arms it. */
    SoftReference<Object[]> items;
    int size;
    int slots;
    long hits;
    long misses;
    long releases;
    long drops;
    /** Arrays the GC took from this magazine under memory pressure (settled by {@link #givenUp}). */
    long pressureDrops;

    Magazine(ShapePool pool, int capacity) {
        this.pool = pool;
        this.capacity = capacity;
        this.items = capacity == 0 ? NONE : new SoftReference<>(new Object[capacity]);
    }

    /** The most recently released array, or null when empty. */
    final Object pop() {
        int s = size;
        if (s == 0) {
            return null;
        }
        Object[] it = items.get();
        if (it == null) {
            givenUp();
            return null;
        }
        Object a = it[--s];
        it[s] = null;
        size = s;
        hits++;
        return a;
    }

    /** Keeps {@code array} if a reserved slot is free. */
    final boolean push(Object array) {
        int s = size;
        if (s >= slots) {
            return false;
        }
        Object[] it = items.get();
        if (it == null || s >= it.length) { // cleared by the GC, or not re-armed since (the range check anyway)
            return rearmAndPush(array);
        }
        it[s] = array;
        size = s + 1;
        releases++;
        return true;
    }

    /** Keeps {@code array}, reserving one more slot if needed and the shape cap and budget allow. */
    final boolean pushOrReserve(Object array, long shapeCap) {
        return push(array) || (slots < capacity && pool.reserveSlot(this, shapeCap) && push(array));
    }

    /**
     * {@link #push} found the items cleared (or not re-armed since): settles what the GC took, then keeps
     * {@code array} in a fresh items array if a slot is still reserved. An allocation that fails gives the
     * array to the GC instead: a release must never throw an OutOfMemoryError the app's code would not.
     */
    private boolean rearmAndPush(Object array) {
        if (items.refersTo(null)) {
            givenUp();
        }
        if (size >= slots) {
            return false;
        }
        Object[] it;
        try {
            it = new Object[capacity];
            items = new SoftReference<>(it);
        } catch (OutOfMemoryError e) {
            return false;
        }
        it[size++] = array;
        releases++;
        return true;
    }

    /**
     * Settles a magazine whose items the GC cleared under memory pressure (by whoever holds it): the arrays it
     * held count as pressure drops, and every reserved slot goes back to the budget. Allocates nothing.
     */
    final void givenUp() {
        pressureDrops += size;
        size = 0;
        pool.freeSlots(slots);
        slots = 0;
        items = NONE;
    }

    /** Whether the GC cleared this magazine's items and nobody has settled it yet (a racy hint). */
    final boolean cleared() {
        return items.refersTo(null);
    }

    /**
     * Pressure drops as another thread can tell: the settled ones, plus the arrays of items the GC cleared that
     * nobody has settled yet (a racy read, like every counter here).
     */
    final long pressureDropsSeen() {
        return pressureDrops + (items.refersTo(null) ? size : 0);
    }

    /** Arrays held right now, as far as another thread can tell (0 once the GC cleared them). */
    final int held() {
        return items.refersTo(null) ? 0 : size;
    }

    /** Adds the soft reference holding this magazine's items to {@code out}, unless it is the shared empty one. */
    final void softHold(java.util.List<java.lang.ref.Reference<?>> out) {
        SoftReference<Object[]> r = items;
        if (r != NONE) {
            out.add(r);
        }
    }

    /** Drops every held array to the GC and gives the reserved slots back (by whoever holds the magazine). */
    final void flush() {
        Object[] it = items.get();
        if (it == null) {
            givenUp();
            return;
        }
        for (int i = 0; i < size; i++) {
            it[i] = null;
        }
        size = 0;
        pool.freeSlots(slots);
        slots = 0;
    }
}
