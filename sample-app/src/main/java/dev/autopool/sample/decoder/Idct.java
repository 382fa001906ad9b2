package dev.autopool.sample.decoder;

/**
 * The 8x8 inverse DCT in floating point, by the separable Arai-Agui-Nakajima factorisation (as in IJG's
 * jidctflt.c): dequantisation and the AAN scale factors are folded into one multiplier per coefficient.
 */
final class Idct {
    private Idct() {}

    static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
        21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53,
        60, 61, 54, 47, 55, 62, 63};

    private static final double[] AAN = new double[8];

    static {
        AAN[0] = 1.0;
        for (int k = 1; k < 8; k++) AAN[k] = Math.cos(k * Math.PI / 16) * Math.sqrt(2);
    }

    /** Multipliers for a quantisation table given in natural (row-major) order. */
    static float[] dequantMultipliers(int[] quantNatural) {
        float[] m = new float[64];
        for (int k = 0; k < 64; k++) {
            m[k] = (float) (quantNatural[k] * AAN[k >> 3] * AAN[k & 7] / 8.0);
        }
        return m;
    }

    /**
     * Transforms one block of quantised coefficients (natural order) into 8x8 samples, level-shifted by +128 and
     * clamped to 0..255, written to {@code out[y0..y0+7][x0..x0+7]}. {@code ws} is a 64-float workspace.
     */
    static void transform(int[] coef, float[] mul, float[] ws, float[][] out, int y0, int x0) {
        for (int col = 0; col < 8; col++) {
            if (coef[8 + col] == 0 && coef[16 + col] == 0 && coef[24 + col] == 0 && coef[32 + col] == 0
                    && coef[40 + col] == 0 && coef[48 + col] == 0 && coef[56 + col] == 0) {
                float dc = coef[col] * mul[col];
                for (int r = 0; r < 64; r += 8) ws[r + col] = dc;
                continue;
            }
            float t0 = coef[col] * mul[col];
            float t1 = coef[16 + col] * mul[16 + col];
            float t2 = coef[32 + col] * mul[32 + col];
            float t3 = coef[48 + col] * mul[48 + col];
            float t10 = t0 + t2;
            float t11 = t0 - t2;
            float t13 = t1 + t3;
            float t12 = (t1 - t3) * 1.414213562f - t13;
            t0 = t10 + t13;
            t3 = t10 - t13;
            t1 = t11 + t12;
            t2 = t11 - t12;
            float t4 = coef[8 + col] * mul[8 + col];
            float t5 = coef[24 + col] * mul[24 + col];
            float t6 = coef[40 + col] * mul[40 + col];
            float t7 = coef[56 + col] * mul[56 + col];
            float z13 = t6 + t5;
            float z10 = t6 - t5;
            float z11 = t4 + t7;
            float z12 = t4 - t7;
            t7 = z11 + z13;
            t11 = (z11 - z13) * 1.414213562f;
            float z5 = (z10 + z12) * 1.847759065f;
            t10 = 1.082392200f * z12 - z5;
            t12 = -2.613125930f * z10 + z5;
            t6 = t12 - t7;
            t5 = t11 - t6;
            t4 = t10 + t5;
            ws[col] = t0 + t7;
            ws[56 + col] = t0 - t7;
            ws[8 + col] = t1 + t6;
            ws[48 + col] = t1 - t6;
            ws[16 + col] = t2 + t5;
            ws[40 + col] = t2 - t5;
            ws[32 + col] = t3 + t4;
            ws[24 + col] = t3 - t4;
        }
        for (int row = 0; row < 8; row++) {
            int r = row * 8;
            float[] o = out[y0 + row];
            float t10 = ws[r] + ws[r + 4];
            float t11 = ws[r] - ws[r + 4];
            float t13 = ws[r + 2] + ws[r + 6];
            float t12 = (ws[r + 2] - ws[r + 6]) * 1.414213562f - t13;
            float t0 = t10 + t13;
            float t3 = t10 - t13;
            float t1 = t11 + t12;
            float t2 = t11 - t12;
            float z13 = ws[r + 5] + ws[r + 3];
            float z10 = ws[r + 5] - ws[r + 3];
            float z11 = ws[r + 1] + ws[r + 7];
            float z12 = ws[r + 1] - ws[r + 7];
            float t7 = z11 + z13;
            t11 = (z11 - z13) * 1.414213562f;
            float z5 = (z10 + z12) * 1.847759065f;
            t10 = 1.082392200f * z12 - z5;
            t12 = -2.613125930f * z10 + z5;
            float t6 = t12 - t7;
            float t5 = t11 - t6;
            float t4 = t10 + t5;
            o[x0] = clamp(t0 + t7 + 128f);
            o[x0 + 7] = clamp(t0 - t7 + 128f);
            o[x0 + 1] = clamp(t1 + t6 + 128f);
            o[x0 + 6] = clamp(t1 - t6 + 128f);
            o[x0 + 2] = clamp(t2 + t5 + 128f);
            o[x0 + 5] = clamp(t2 - t5 + 128f);
            o[x0 + 4] = clamp(t3 + t4 + 128f);
            o[x0 + 3] = clamp(t3 - t4 + 128f);
        }
    }

    private static float clamp(float v) {
        return v < 0f ? 0f : (v > 255f ? 255f : v);
    }
}
