package dev.autopool.sample.frames;

import dev.autopool.sample.UsageException;
import dev.autopool.sample.util.Allocation;
import dev.autopool.sample.util.Matrices;

/**
 * A small synthetic float pipeline: per frame, a {@code float[3][size][size]} plane set is filled, filtered
 * through a scratch copy and summed into a checksum. Prints one {@code RESULT} line.
 */
public final class FramesCli {
    private FramesCli() {}

    /** {@code args}: the options after the command name. */
    public static void run(String[] args) {
        int frames = 200;
        int size = 256;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--frames" -> frames = positive(args, ++i);
                case "--size" -> size = positive(args, ++i);
                default -> throw new UsageException("unknown option: " + args[i]
                        + "\nusage: frames [--frames N] [--size S]");
            }
        }
        long bytes0 = Allocation.threadBytes();
        long gc0 = Allocation.gcCount();
        long gcMs0 = Allocation.gcMillis();
        long t0 = System.nanoTime();
        long checksum = 0;
        for (int f = 0; f < frames; f++) {
            checksum = 31 * checksum + renderFrame(f, size);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long allocBytes = Allocation.threadBytes() - bytes0;
        System.out.printf("RESULT frames=%d checksum=%016x ms=%d allocMB=%.1f gcCount=%d gcMs=%d%n",
                frames, checksum, ms, allocBytes / 1e6, Allocation.gcCount() - gc0, Allocation.gcMillis() - gcMs0);
    }

    private static int positive(String[] args, int i) {
        if (i >= args.length) throw new UsageException(args[i - 1] + " needs a number");
        try {
            int v = Integer.parseInt(args[i]);
            if (v > 0) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(args[i - 1] + " needs a positive number, got '" + args[i] + "'");
    }

    static long renderFrame(int frame, int size) {
        float[][][] planes = Matrices.float3d(3, size, size);
        float[][][] scratch = Matrices.float3d(3, size, size);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    planes[c][y][x] += (float) Math.sin(0.01 * (x + 3 * y + 7 * c + frame));
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            for (int y = 1; y < size - 1; y++) {
                for (int x = 1; x < size - 1; x++) {
                    float[][] p = planes[c];
                    scratch[c][y][x] += 0.2f * (p[y][x] + p[y - 1][x] + p[y + 1][x] + p[y][x - 1] + p[y][x + 1]);
                }
            }
        }
        long sum = 0;
        for (float[][] plane : scratch) {
            for (float[] row : plane) {
                for (float v : row) {
                    sum = 31 * sum + Float.floatToRawIntBits(v);
                }
            }
        }
        Matrices.free(planes);
        Matrices.free(scratch);
        return sum;
    }
}
