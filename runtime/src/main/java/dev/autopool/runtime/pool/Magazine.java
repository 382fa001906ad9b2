package dev.autopool.runtime.pool;

/**
 * One thread's small stack of free arrays of one shape, in front of the shape's shared depot. Only the owning
 * thread touches {@link #items}, so a hit or a release costs no lock and no atomic instruction; its counters are
 * plain fields that other threads read without locking for metrics (a count may show up a little late).
 * {@link #slots} is the part of the budget this magazine has reserved: it never holds more arrays than that.
 */
final class Magazine {
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
    Object pop() {
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
    boolean push(Object array) {
        int s = size;
        if (s >= slots) {
            return false;
        }
        items[s] = array;
        size = s + 1;
        releases++;
        return true;
    }

    /** Drops every held array to the GC and gives the reserved slots back (owner thread, or a dead owner's). */
    void flush() {
        for (int i = 0; i < size; i++) {
            items[i] = null;
        }
        size = 0;
        pool.freeSlots(slots);
        slots = 0;
    }
}
