package dev.autopool.runtime.pool;

import dev.autopool.runtime.report.ShutdownSummary;
import dev.autopool.runtime.track.Tracker;
import dev.autopool.runtime.track.TrackingSummary;

/**
 * The JVM's one array pool, wired on first use to the tracker, to JMX and to the exit summary. Every entry point
 * reaches the pool through here ({@code Pools} for rewritten code, {@code Autopool} for code that calls the pool
 * itself, {@code OnnxTensors} for tensors), so whichever an app uses first, it gets the same wiring: an app that
 * only calls {@code Autopool} gets its summary, and at {@code full}/{@code paranoid} its quarantined buffers
 * come back. Nothing is wired before the first use: configuring the runtime alone starts no summary.
 */
public final class GlobalPool {
    private static final ArrayPool POOL = PoolHousekeeper.globalPool();

    static {
        ShutdownSummary.addCounters(ShutdownSummary.Part.POOLS, new PoolSummary(POOL));
        ShutdownSummary.addCounters(ShutdownSummary.Part.TRACKING, TrackingSummary.counters());
        ShutdownSummary.installOnce();
        PoolMetrics.publish(POOL);
        // Buffers leaving the tracker's quarantine (full, paranoid) come home without a second release check;
        // their release is counted when they go in, since from then on they are no longer lent.
        Tracker.holdThrough(POOL::heldBack);
        Tracker.recycleThrough(POOL::returnHeld);
        Tracker.loseThrough(POOL::lost);
    }

    private GlobalPool() {}

    /** The pool, wired. */
    public static ArrayPool get() {
        return POOL;
    }
}
