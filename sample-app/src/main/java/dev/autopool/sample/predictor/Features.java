package dev.autopool.sample.predictor;

/**
 * The encoder's inputs for one gesture, in the shapes the model expects: per point {@code (x, y, vx, vy, ax, ay)}
 * with velocity and acceleration per sample taken from a lightly smoothed path (so sampling jitter does not add
 * path length), the nearest key of every point, and the number of points (the tensors are as long as the gesture).
 */
record Features(float[][][] trajectory, int[][] nearestKeys, int[] actualLength) {
    private static final int SMOOTH_RADIUS = 2;

    /** Features of a gesture of at most {@code maxLength} points (callers cut longer ones first). */
    static Features of(Gesture g, int maxLength) {
        int n = g.size();
        if (n > maxLength) throw new IllegalArgumentException("gesture of " + n + " points exceeds " + maxLength);
        float[] sx = smooth(g.x());
        float[] sy = smooth(g.y());
        float[][][] trajectory = new float[1][n][6];
        int[][] nearest = new int[1][n];
        float pvx = 0;
        float pvy = 0;
        for (int i = 0; i < n; i++) {
            float vx = i == 0 ? 0 : sx[i] - sx[i - 1];
            float vy = i == 0 ? 0 : sy[i] - sy[i - 1];
            float[] f = trajectory[0][i];
            f[0] = g.x()[i];
            f[1] = g.y()[i];
            f[2] = vx;
            f[3] = vy;
            f[4] = vx - pvx;
            f[5] = vy - pvy;
            pvx = vx;
            pvy = vy;
            nearest[0][i] = Keyboard.nearestKey(g.x()[i], g.y()[i]);
        }
        return new Features(trajectory, nearest, new int[] {n});
    }

    /** A stable 64-bit hash of the inputs, the encoder cache's key. */
    long hash() {
        long h = 0xcbf29ce484222325L;
        int n = actualLength[0];
        h = mix(h, n);
        for (int i = 0; i < n; i++) {
            for (float v : trajectory[0][i]) h = mix(h, Float.floatToRawIntBits(v));
            h = mix(h, nearestKeys[0][i]);
        }
        return h;
    }

    private static long mix(long h, int v) {
        h ^= v;
        h *= 0x100000001b3L;
        return h ^ (h >>> 29);
    }

    private static float[] smooth(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            int lo = Math.max(0, i - SMOOTH_RADIUS);
            int hi = Math.min(v.length - 1, i + SMOOTH_RADIUS);
            float sum = 0;
            for (int j = lo; j <= hi; j++) sum += v[j];
            out[i] = sum / (hi - lo + 1);
        }
        return out;
    }
}
