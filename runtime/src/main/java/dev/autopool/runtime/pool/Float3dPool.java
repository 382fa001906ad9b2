package dev.autopool.runtime.pool;

import dev.autopool.runtime.track.Tracker;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A thread-safe pool of {@code float[][][]} keyed by exact shape. A borrowed array is always all zeros and
 * has exactly the requested shape, like {@code new float[c][h][w]}.
 */
public final class Float3dPool {
    private final Map<Shape, Queue<float[][][]>> free = new ConcurrentHashMap<>();
    private final PoolStats stats = new PoolStats();

    public float[][][] borrow(int c, int h, int w) {
        return borrow(c, h, w, -1);
    }

    public float[][][] borrow(int c, int h, int w, int site) {
        stats.borrows.increment();
        Shape shape = Shape.of(float.class, c, h, w);
        Queue<float[][][]> queue = free.get(shape);
        float[][][] m = queue == null ? null : queue.poll();
        if (m == null) {
            stats.misses.increment();
            m = new float[c][h][w];
        } else {
            stats.hits.increment();
            stats.bytesRetained.add(-shape.bytes());
            Tracker.reusing(m);
            zero(m);
        }
        Tracker.borrowed(m, site, shape.bytes());
        return m;
    }

    public void release(float[][][] m) {
        release(m, -1);
    }

    public void release(float[][][] m, int site) {
        if (m == null || !Tracker.releasing(m, site)) {
            return;
        }
        recycle(m);
    }

    /** Puts an array the tracker already accepted back on the free list (also the quarantine's way back). */
    public void recycle(float[][][] m) {
        Shape shape = shapeOf(m);
        if (shape == null) {
            return;
        }
        stats.releases.increment();
        stats.bytesRetained.add(shape.bytes());
        free.computeIfAbsent(shape, s -> new ConcurrentLinkedQueue<>()).add(m);
    }

    public PoolStats stats() {
        return stats;
    }

    /** The shape of a rectangular array, or null when its rows differ (it can then serve no borrower). */
    private static Shape shapeOf(float[][][] m) {
        int c = m.length;
        int h = c == 0 ? 0 : m[0].length;
        int w = h == 0 ? 0 : m[0][0].length;
        for (float[][] plane : m) {
            if (plane == null || plane.length != h) return null;
            for (float[] row : plane) {
                if (row == null || row.length != w) return null;
            }
        }
        return Shape.of(float.class, c, h, w);
    }

    private static void zero(float[][][] m) {
        for (float[][] plane : m) {
            for (float[] row : plane) {
                Arrays.fill(row, 0f);
            }
        }
    }
}
