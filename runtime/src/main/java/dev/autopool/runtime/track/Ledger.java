package dev.autopool.runtime.track;

import java.lang.ref.ReferenceQueue;
import java.util.function.Consumer;

/**
 * The exact set of arrays the pools have lent, keyed by identity: one {@link ArrayEntry} per array for as long
 * as the array lives. Lookups take no lock and allocate nothing; inserting (the first loan of an array) and
 * removing (after the GC collected an array) lock one of many segments.
 *
 * <p>Lookups without a lock are safe because a thread only ever looks up an array it holds, so the insert of
 * that array's record happened before (the array was handed to it after its first loan); a record is removed
 * only once its array is collected, so no live lookup can be affected; a table is never changed after a
 * larger one replaced it.
 */
final class Ledger {
    private static final int SEGMENTS = 64;
    private static final ArrayEntry TOMBSTONE = ArrayEntry.tombstone();

    private final Segment[] segments = new Segment[SEGMENTS];
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    Ledger() {
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment();
        }
    }

    /** The record of {@code array}, or null if the pools never lent it. */
    ArrayEntry find(Object array) {
        int hash = System.identityHashCode(array);
        return segments[hash & (SEGMENTS - 1)].find(array, hash);
    }

    /** Records {@code array}, which must not be recorded yet. */
    ArrayEntry add(Object array, long bytes) {
        int hash = System.identityHashCode(array);
        ArrayEntry entry = new ArrayEntry(array, hash, bytes, collected);
        segments[hash & (SEGMENTS - 1)].add(entry);
        return entry;
    }

    /** Removes the records of collected arrays, handing each to {@code onCollected} first. */
    void drainCollected(Consumer<ArrayEntry> onCollected) {
        for (Object ref; (ref = collected.poll()) != null; ) {
            ArrayEntry entry = (ArrayEntry) ref;
            // Report first, then remove: at every moment a leaked record is in the ledger or in the reports.
            onCollected.accept(entry);
            segments[entry.hash & (SEGMENTS - 1)].remove(entry);
        }
    }

    /** Waits until the GC collects a recorded array, then drains as {@link #drainCollected} does. */
    void awaitCollected(Consumer<ArrayEntry> onCollected) throws InterruptedException {
        ArrayEntry entry = (ArrayEntry) collected.remove();
        onCollected.accept(entry);
        segments[entry.hash & (SEGMENTS - 1)].remove(entry);
        drainCollected(onCollected);
    }

    /** Visits every live record (for test checks and reports; not a hot path). */
    void forEach(Consumer<ArrayEntry> visitor) {
        for (Segment segment : segments) {
            ArrayEntry[] table = segment.table;
            for (ArrayEntry entry : table) {
                if (entry != null && entry != TOMBSTONE) {
                    visitor.accept(entry);
                }
            }
        }
    }

    /** One open-addressing identity table with linear probing. */
    private static final class Segment {
        volatile ArrayEntry[] table = new ArrayEntry[16];
        private int live;
        private int used;

        ArrayEntry find(Object array, int hash) {
            ArrayEntry[] t = table;
            int mask = t.length - 1;
            for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
                ArrayEntry entry = t[i];
                if (entry == null) {
                    return null;
                }
                if (entry.hash == hash && entry.refersTo(array)) {
                    return entry;
                }
            }
        }

        synchronized void add(ArrayEntry entry) {
            if ((used + 1) * 2 > table.length) {
                rebuild(live + 1 > table.length / 4 ? table.length * 2 : table.length);
            }
            ArrayEntry[] t = table;
            int mask = t.length - 1;
            for (int i = spread(entry.hash) & mask; ; i = (i + 1) & mask) {
                ArrayEntry slot = t[i];
                if (slot == null || slot == TOMBSTONE) {
                    t[i] = entry;
                    live++;
                    if (slot == null) {
                        used++;
                    }
                    return;
                }
            }
        }

        synchronized void remove(ArrayEntry entry) {
            ArrayEntry[] t = table;
            int mask = t.length - 1;
            for (int i = spread(entry.hash) & mask; ; i = (i + 1) & mask) {
                ArrayEntry slot = t[i];
                if (slot == null) {
                    return;
                }
                if (slot == entry) {
                    t[i] = TOMBSTONE;
                    live--;
                    return;
                }
            }
        }

        /** Copies the live records into a fresh table, dropping tombstones, and publishes it. */
        private void rebuild(int capacity) {
            ArrayEntry[] fresh = new ArrayEntry[capacity];
            int mask = capacity - 1;
            for (ArrayEntry entry : table) {
                if (entry != null && entry != TOMBSTONE) {
                    int i = spread(entry.hash) & mask;
                    while (fresh[i] != null) {
                        i = (i + 1) & mask;
                    }
                    fresh[i] = entry;
                }
            }
            used = live;
            table = fresh;
        }

        private static int spread(int hash) {
            // The low bits chose the segment; mix the rest so neighbouring hashes spread over the table.
            int h = hash >>> 6;
            return h ^ (h >>> 11);
        }
    }
}
