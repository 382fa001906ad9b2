package dev.autopool.sample.decoder;

/**
 * Chroma upsampling as JDK ImageIO's libjpeg does it: a triangle filter ("fancy" upsampling, sample centres
 * weighted 3:1) for the 2x1, 2x2 and 1x2 cases, replication for every other integral factor. Edges repeat the last
 * real sample.
 */
final class Upsampler {
    private Upsampler() {}

    static void upsample(float[][] src, int srcW, int srcH, int fx, int fy, float[][] dst, int dstW, int y0, int y1) {
        boolean fancy = (fx == 2 && (fy == 1 || fy == 2)) || (fx == 1 && fy == 2);
        float[] row = new float[srcW];
        for (int y = y0; y < y1; y++) {
            int sy = Math.min(y / fy, srcH - 1);
            float[] out = dst[y];
            if (!fancy) {
                float[] in = src[sy];
                for (int x = 0; x < dstW; x++) out[x] = in[Math.min(x / fx, srcW - 1)];
                continue;
            }
            float[] in;
            if (fy == 2) {
                int ny = (y & 1) == 0 ? Math.max(sy - 1, 0) : Math.min(sy + 1, srcH - 1);
                float[] near = src[sy];
                float[] far = src[ny];
                for (int x = 0; x < srcW; x++) row[x] = 0.75f * near[x] + 0.25f * far[x];
                in = row;
            } else {
                in = src[sy];
            }
            if (fx == 1) {
                System.arraycopy(in, 0, out, 0, dstW);
                continue;
            }
            for (int x = 0; x < srcW; x++) {
                float c = 0.75f * in[x];
                int xl = 2 * x;
                if (xl < dstW) out[xl] = c + 0.25f * in[Math.max(x - 1, 0)];
                if (xl + 1 < dstW) out[xl + 1] = c + 0.25f * in[Math.min(x + 1, srcW - 1)];
            }
        }
    }
}
