package dev.autopool.sample.util;

/**
 * The app's own matrix factory: every multi-dimensional buffer (and the decoder's output pixels) in the sample apps
 * is made here, the way codecs
 * such as jxlatte centralise their allocations. {@link #free} marks the end of a buffer's life; the app itself
 * lets the GC do the rest.
 */
public final class Matrices {
    private Matrices() {}

    public static float[][][] float3d(int c, int h, int w) {
        return new float[c][h][w];
    }

    public static float[][] float2d(int h, int w) {
        return new float[h][w];
    }

    public static int[][][] int3d(int c, int h, int w) {
        return new int[c][h][w];
    }

    public static int[][] int2d(int h, int w) {
        return new int[h][w];
    }

    public static byte[] byte1d(int n) {
        return new byte[n];
    }

    /** Marks the end of a buffer's life. Without autopool this does nothing; the GC reclaims the buffer. */
    public static void free(Object matrix) {
        // deliberately empty: ownership ends here
    }
}
