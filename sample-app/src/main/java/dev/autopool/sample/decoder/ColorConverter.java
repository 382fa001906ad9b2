package dev.autopool.sample.decoder;

/** Turns the frame's float planes into 8-bit pixels: YCbCr to RGB (JFIF / ITU-R BT.601), RGB or grey as is. */
final class ColorConverter {
    private ColorConverter() {}

    static void convertRows(float[][][] planes, boolean ycc, int width, byte[] out, int y0, int y1) {
        if (planes.length == 1) {
            float[][] g = planes[0];
            for (int y = y0; y < y1; y++) {
                float[] row = g[y];
                int o = y * width;
                for (int x = 0; x < width; x++) out[o + x] = toByte(row[x]);
            }
            return;
        }
        for (int y = y0; y < y1; y++) {
            float[] p0 = planes[0][y];
            float[] p1 = planes[1][y];
            float[] p2 = planes[2][y];
            int o = y * width * 3;
            for (int x = 0; x < width; x++, o += 3) {
                float a = p0[x];
                float b = p1[x];
                float c = p2[x];
                if (ycc) {
                    float cb = b - 128f;
                    float cr = c - 128f;
                    out[o] = toByte(a + 1.402f * cr);
                    out[o + 1] = toByte(a - 0.344136f * cb - 0.714136f * cr);
                    out[o + 2] = toByte(a + 1.772f * cb);
                } else {
                    out[o] = toByte(a);
                    out[o + 1] = toByte(b);
                    out[o + 2] = toByte(c);
                }
            }
        }
    }

    private static byte toByte(float v) {
        int i = (int) (v + 0.5f);
        if ((i & ~255) != 0) i = i < 0 ? 0 : 255; // rare: most samples are in range
        return (byte) i;
    }
}
