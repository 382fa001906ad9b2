package dev.autopool.sample.decoder;

import dev.autopool.sample.util.Matrices;

/**
 * An edge-preserving deblocking filter: samples next to an 8x8 block boundary are averaged with their four
 * neighbours, each weighted by how similar it is ({@code 1 / (1 + (d / sigma)^2)}), so block edges soften while
 * real edges (large differences) stay. Each iteration reads the whole frame and writes a fresh copy, as the
 * filters of modern codecs do.
 */
final class EdgePreservingFilter {
    private static final float SIGMA = 6f;
    private static final int ROWS_PER_TASK = 64;

    private EdgePreservingFilter() {}

    static void apply(Frame frame, int iterations, Workers workers) throws DecodeException {
        int n = frame.components.length;
        int h = frame.height;
        int w = frame.width;
        for (int it = 0; it < iterations; it++) {
            float[][][] src = frame.planes;
            float[][][] dst = Matrices.float3d(n, h, w);
            try {
                workers.forEach(n * Frame.ceilDiv(h, ROWS_PER_TASK), task -> {
                    int c = task % n;
                    int y0 = task / n * ROWS_PER_TASK;
                    filterRows(src[c], dst[c], w, h, y0, Math.min(h, y0 + ROWS_PER_TASK));
                });
            } catch (DecodeException | RuntimeException | Error e) {
                Matrices.free(dst);
                throw e;
            }
            frame.planes = dst;
            Matrices.free(src);
        }
    }

    private static void filterRows(float[][] src, float[][] dst, int w, int h, int y0, int y1) {
        float inv = 1f / (SIGMA * SIGMA);
        for (int y = y0; y < y1; y++) {
            float[] row = src[y];
            float[] up = src[Math.max(y - 1, 0)];
            float[] down = src[Math.min(y + 1, h - 1)];
            float[] out = dst[y];
            boolean rowEdge = (y & 7) == 0 || (y & 7) == 7;
            for (int x = 0; x < w; x++) {
                float p = row[x];
                if (!rowEdge && (x & 7) != 0 && (x & 7) != 7) {
                    out[x] = p;
                    continue;
                }
                float sum = p;
                float weight = 1f;
                float q = row[Math.max(x - 1, 0)];
                float wq = 1f / (1f + (q - p) * (q - p) * inv);
                sum += wq * q;
                weight += wq;
                q = row[Math.min(x + 1, w - 1)];
                wq = 1f / (1f + (q - p) * (q - p) * inv);
                sum += wq * q;
                weight += wq;
                q = up[x];
                wq = 1f / (1f + (q - p) * (q - p) * inv);
                sum += wq * q;
                weight += wq;
                q = down[x];
                wq = 1f / (1f + (q - p) * (q - p) * inv);
                sum += wq * q;
                weight += wq;
                out[x] = sum / weight;
            }
        }
    }
}
