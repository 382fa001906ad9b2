package dev.autopool.runtime;

import dev.autopool.runtime.pool.Float3dPool;
import dev.autopool.runtime.pool.PoolStats;
import dev.autopool.runtime.report.ShutdownSummary;
import dev.autopool.runtime.track.Tracker;

/**
 * The entry points that rewritten call sites invoke. Each takes the original call's arguments followed by the
 * id of the call site (see {@link Sites}), so a rewrite only pushes one constant and swaps the call target.
 */
public final class Pools {
    private static final Float3dPool FLOAT3D = new Float3dPool();

    static {
        ShutdownSummary.installOnce();
        Tracker.recycleThrough(array -> {
            if (array instanceof float[][][] m) {
                FLOAT3D.recycle(m);
            }
        });
    }

    private Pools() {}

    /** Replaces a {@code float[c][h][w]} factory call. */
    public static float[][][] float3d(int c, int h, int w, int site) {
        return FLOAT3D.borrow(c, h, w, site);
    }

    /** Replaces a release call: the array goes back to the pool it fits. */
    public static void release(Object array, int site) {
        if (array instanceof float[][][] m) {
            FLOAT3D.release(m, site);
        }
    }

    /** Goes home only if the pool lent {@code array} and it is still outstanding; otherwise nothing happens. */
    public static void releaseIfBorrowed(Object array, int site) {
        if (Tracker.isBorrowed(array)) {
            release(array, site);
        }
    }

    /** Counters of the {@code float[][][]} pool. */
    public static PoolStats float3dStats() {
        return FLOAT3D.stats();
    }
}
