package dev.autopool.runtime.pool;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The cap on bytes the pool keeps for later (free arrays in depots and reserved magazine slots). Only slow paths
 * touch it: a thread reserves a magazine slot once and then reuses it without asking again.
 */
final class Budget {
    private final AtomicLong committed = new AtomicLong();
    private volatile long limit;

    Budget(long limit) {
        this.limit = limit;
    }

    void limit(long bytes) {
        limit = bytes;
    }

    long limit() {
        return limit;
    }

    long committed() {
        return committed.get();
    }

    boolean tryReserve(long bytes) {
        long max = limit;
        for (long c = committed.get(); c + bytes <= max; c = committed.get()) {
            if (committed.compareAndSet(c, c + bytes)) {
                return true;
            }
        }
        return false;
    }

    void free(long bytes) {
        committed.addAndGet(-bytes);
    }
}
