package dev.autopool.runtime.pool;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts that reach a shape after the pool forgot it: a thread that looked the shape up just before it was
 * retired may still miss or release through it. Its own counters were folded into the pool's totals when it was
 * retired, so these go here instead of being lost (rare: only right after a trim).
 */
final class LateCounts {
    final LongAdder misses = new LongAdder();
    final LongAdder releases = new LongAdder();
    final LongAdder drops = new LongAdder();
}
