package dev.autopool.runtime.pool;

/**
 * A small stack of free arrays of one shape, in front of the shape's shared depot: a thread's private magazine,
 * which only its owner touches, or one {@link Stripe} of the shared cache, which a thread touches only while it
 * holds it. Either way {@link #items} and the counters are written plainly by one thread at a time, so a hit or a
 * release costs no lock and no atomic instruction; other threads read the counters without locking for metrics
 * (a count may show up a little late). {@link #slots} is the part of the budget this magazine has reserved: it
 * never holds more arrays than that.
 */
class Magazine {
    final ShapePool pool;
    final Object[] items;
    int size;
    int slots;
    long hits;
    long misses;
    long releases;
    long drops;

    Magazine(ShapePool pool, int capacity) {
        this.pool = pool;
        this.items = new Object[capacity];
    }

    /** The most recently released array, or null when empty. */
    final Object pop() {
        int s = size;
        if (s == 0) {
            return null;
        }
        Object a = items[--s];
        items[s] = null;
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
        items[s] = array;
        size = s + 1;
        releases++;
        return true;
    }

    /** Keeps {@code array}, reserving one more slot if needed and the shape cap and budget allow. */
    final boolean pushOrReserve(Object array, long shapeCap) {
        return push(array) || (slots < items.length && pool.reserveSlot(this, shapeCap) && push(array));
    }

    /** Drops every held array to the GC and gives the reserved slots back (by whoever holds the magazine). */
    final void flush() {
        for (int i = 0; i < size; i++) {
            items[i] = null;
        }
        size = 0;
        pool.freeSlots(slots);
        slots = 0;
    }
}
