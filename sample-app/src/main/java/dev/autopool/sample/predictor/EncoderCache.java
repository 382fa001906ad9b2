package dev.autopool.sample.predictor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The encoder outputs of the last few trajectories, so re-decoding the same swipe skips the encoder: least
 * recently used first out beyond {@code capacity}, and an entry older than {@code staleAfterNanos} is never
 * returned. Thread-safe.
 */
final class EncoderCache {
    private record Entry(float[][][] memory, long createdNanos) {}

    private final int capacity;
    private final long staleAfterNanos;
    private final LongSupplier clock;
    private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    EncoderCache(int capacity, long staleAfterNanos, LongSupplier clock) {
        this.capacity = capacity;
        this.staleAfterNanos = staleAfterNanos;
        this.clock = clock;
    }

    /** The cached memory of a trajectory, or null when absent or stale. */
    synchronized float[][][] get(long trajectoryHash) {
        evictStale();
        Entry e = entries.get(trajectoryHash);
        return e == null ? null : e.memory();
    }

    synchronized void put(long trajectoryHash, float[][][] memory) {
        evictStale();
        entries.put(trajectoryHash, new Entry(memory, clock.getAsLong()));
        Iterator<Long> eldest = entries.keySet().iterator();
        while (entries.size() > capacity) {
            eldest.next();
            eldest.remove();
        }
    }

    /** The cached trajectory hashes, least recently used first. */
    synchronized List<Long> keys() {
        return new ArrayList<>(entries.keySet());
    }

    private void evictStale() {
        long now = clock.getAsLong();
        entries.values().removeIf(e -> now - e.createdNanos() >= staleAfterNanos);
    }
}
