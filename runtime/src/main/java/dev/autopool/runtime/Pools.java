package dev.autopool.runtime;

import dev.autopool.runtime.internal.DeclaredBodies;
import dev.autopool.runtime.onnx.OnnxTensors;
import dev.autopool.runtime.pool.ArrayPool;
import dev.autopool.runtime.pool.Family;
import dev.autopool.runtime.pool.GlobalPool;
import dev.autopool.runtime.pool.PoolStats;
import dev.autopool.runtime.pool.ShapeStats;
import dev.autopool.runtime.pool.SizedSites;
import dev.autopool.runtime.track.Tracker;
import java.util.List;

/**
 * The entry points that rewritten call sites invoke. Each takes the original call's arguments followed by the
 * id of the call site (see {@link Sites}), so a rewrite only pushes one constant and swaps the call target.
 *
 * <p>{@code <elem><rank>d(d0, ..., site)} returns an array of exactly the shape {@code new <elem>[d0]...} makes,
 * all zeros unless the site has {@link Sites#NO_ZERO}, and throws what that {@code new} would throw for a negative
 * dimension. The 24 methods are the bytecode contract with the agent: each is the same two lines around the
 * generic {@link ArrayPool}, with its own {@code new} on a miss so the JVM allocates exactly as the app did.
 */
public final class Pools {
    private static final ArrayPool POOL = GlobalPool.get();

    private Pools() {}

    /** Replaces a {@code new float[d0]} factory call. */
    public static float[] float1d(int d0, int site) {
        Object a = POOL.borrow(Family.FLOAT1, d0, 0, 0, 0, site);
        return a != null ? (float[]) a : POOL.fresh(new float[d0], Family.FLOAT1, d0, 0, 0, 0, site);
    }

    /** Replaces a {@code new float[d0][d1]} factory call. */
    public static float[][] float2d(int d0, int d1, int site) {
        Object a = POOL.borrow(Family.FLOAT2, d0, d1, 0, 0, site);
        return a != null ? (float[][]) a : POOL.fresh(new float[d0][d1], Family.FLOAT2, d0, d1, 0, 0, site);
    }

    /** Replaces a {@code new float[d0][d1][d2]} factory call. */
    public static float[][][] float3d(int d0, int d1, int d2, int site) {
        Object a = POOL.borrow(Family.FLOAT3, d0, d1, d2, 0, site);
        return a != null ? (float[][][]) a : POOL.fresh(new float[d0][d1][d2], Family.FLOAT3, d0, d1, d2, 0, site);
    }

    /** Replaces a {@code new float[d0][d1][d2][d3]} factory call. */
    public static float[][][][] float4d(int d0, int d1, int d2, int d3, int site) {
        Object a = POOL.borrow(Family.FLOAT4, d0, d1, d2, d3, site);
        return a != null ? (float[][][][]) a : POOL.fresh(new float[d0][d1][d2][d3], Family.FLOAT4, d0, d1, d2, d3, site);
    }

    /** Replaces a {@code new double[d0]} factory call. */
    public static double[] double1d(int d0, int site) {
        Object a = POOL.borrow(Family.DOUBLE1, d0, 0, 0, 0, site);
        return a != null ? (double[]) a : POOL.fresh(new double[d0], Family.DOUBLE1, d0, 0, 0, 0, site);
    }

    /** Replaces a {@code new double[d0][d1]} factory call. */
    public static double[][] double2d(int d0, int d1, int site) {
        Object a = POOL.borrow(Family.DOUBLE2, d0, d1, 0, 0, site);
        return a != null ? (double[][]) a : POOL.fresh(new double[d0][d1], Family.DOUBLE2, d0, d1, 0, 0, site);
    }

    /** Replaces a {@code new double[d0][d1][d2]} factory call. */
    public static double[][][] double3d(int d0, int d1, int d2, int site) {
        Object a = POOL.borrow(Family.DOUBLE3, d0, d1, d2, 0, site);
        return a != null ? (double[][][]) a : POOL.fresh(new double[d0][d1][d2], Family.DOUBLE3, d0, d1, d2, 0, site);
    }

    /** Replaces a {@code new double[d0][d1][d2][d3]} factory call. */
    public static double[][][][] double4d(int d0, int d1, int d2, int d3, int site) {
        Object a = POOL.borrow(Family.DOUBLE4, d0, d1, d2, d3, site);
        return a != null ? (double[][][][]) a : POOL.fresh(new double[d0][d1][d2][d3], Family.DOUBLE4, d0, d1, d2, d3, site);
    }

    /** Replaces a {@code new int[d0]} factory call. */
    public static int[] int1d(int d0, int site) {
        Object a = POOL.borrow(Family.INT1, d0, 0, 0, 0, site);
        return a != null ? (int[]) a : POOL.fresh(new int[d0], Family.INT1, d0, 0, 0, 0, site);
    }

    /** Replaces a {@code new int[d0][d1]} factory call. */
    public static int[][] int2d(int d0, int d1, int site) {
        Object a = POOL.borrow(Family.INT2, d0, d1, 0, 0, site);
        return a != null ? (int[][]) a : POOL.fresh(new int[d0][d1], Family.INT2, d0, d1, 0, 0, site);
    }

    /** Replaces a {@code new int[d0][d1][d2]} factory call. */
    public static int[][][] int3d(int d0, int d1, int d2, int site) {
        Object a = POOL.borrow(Family.INT3, d0, d1, d2, 0, site);
        return a != null ? (int[][][]) a : POOL.fresh(new int[d0][d1][d2], Family.INT3, d0, d1, d2, 0, site);
    }

    /** Replaces a {@code new int[d0][d1][d2][d3]} factory call. */
    public static int[][][][] int4d(int d0, int d1, int d2, int d3, int site) {
        Object a = POOL.borrow(Family.INT4, d0, d1, d2, d3, site);
        return a != null ? (int[][][][]) a : POOL.fresh(new int[d0][d1][d2][d3], Family.INT4, d0, d1, d2, d3, site);
    }

    /** Replaces a {@code new long[d0]} factory call. */
    public static long[] long1d(int d0, int site) {
        Object a = POOL.borrow(Family.LONG1, d0, 0, 0, 0, site);
        return a != null ? (long[]) a : POOL.fresh(new long[d0], Family.LONG1, d0, 0, 0, 0, site);
    }

    /** Replaces a {@code new long[d0][d1]} factory call. */
    public static long[][] long2d(int d0, int d1, int site) {
        Object a = POOL.borrow(Family.LONG2, d0, d1, 0, 0, site);
        return a != null ? (long[][]) a : POOL.fresh(new long[d0][d1], Family.LONG2, d0, d1, 0, 0, site);
    }

    /** Replaces a {@code new long[d0][d1][d2]} factory call. */
    public static long[][][] long3d(int d0, int d1, int d2, int site) {
        Object a = POOL.borrow(Family.LONG3, d0, d1, d2, 0, site);
        return a != null ? (long[][][]) a : POOL.fresh(new long[d0][d1][d2], Family.LONG3, d0, d1, d2, 0, site);
    }

    /** Replaces a {@code new long[d0][d1][d2][d3]} factory call. */
    public static long[][][][] long4d(int d0, int d1, int d2, int d3, int site) {
        Object a = POOL.borrow(Family.LONG4, d0, d1, d2, d3, site);
        return a != null ? (long[][][][]) a : POOL.fresh(new long[d0][d1][d2][d3], Family.LONG4, d0, d1, d2, d3, site);
    }

    /** Replaces a {@code new short[d0]} factory call. */
    public static short[] short1d(int d0, int site) {
        Object a = POOL.borrow(Family.SHORT1, d0, 0, 0, 0, site);
        return a != null ? (short[]) a : POOL.fresh(new short[d0], Family.SHORT1, d0, 0, 0, 0, site);
    }

    /** Replaces a {@code new short[d0][d1]} factory call. */
    public static short[][] short2d(int d0, int d1, int site) {
        Object a = POOL.borrow(Family.SHORT2, d0, d1, 0, 0, site);
        return a != null ? (short[][]) a : POOL.fresh(new short[d0][d1], Family.SHORT2, d0, d1, 0, 0, site);
    }

    /** Replaces a {@code new short[d0][d1][d2]} factory call. */
    public static short[][][] short3d(int d0, int d1, int d2, int site) {
        Object a = POOL.borrow(Family.SHORT3, d0, d1, d2, 0, site);
        return a != null ? (short[][][]) a : POOL.fresh(new short[d0][d1][d2], Family.SHORT3, d0, d1, d2, 0, site);
    }

    /** Replaces a {@code new short[d0][d1][d2][d3]} factory call. */
    public static short[][][][] short4d(int d0, int d1, int d2, int d3, int site) {
        Object a = POOL.borrow(Family.SHORT4, d0, d1, d2, d3, site);
        return a != null ? (short[][][][]) a : POOL.fresh(new short[d0][d1][d2][d3], Family.SHORT4, d0, d1, d2, d3, site);
    }

    /** Replaces a {@code new byte[d0]} factory call. */
    public static byte[] byte1d(int d0, int site) {
        Object a = POOL.borrow(Family.BYTE1, d0, 0, 0, 0, site);
        return a != null ? (byte[]) a : POOL.fresh(new byte[d0], Family.BYTE1, d0, 0, 0, 0, site);
    }

    /** Replaces a {@code new byte[d0][d1]} factory call. */
    public static byte[][] byte2d(int d0, int d1, int site) {
        Object a = POOL.borrow(Family.BYTE2, d0, d1, 0, 0, site);
        return a != null ? (byte[][]) a : POOL.fresh(new byte[d0][d1], Family.BYTE2, d0, d1, 0, 0, site);
    }

    /** Replaces a {@code new byte[d0][d1][d2]} factory call. */
    public static byte[][][] byte3d(int d0, int d1, int d2, int site) {
        Object a = POOL.borrow(Family.BYTE3, d0, d1, d2, 0, site);
        return a != null ? (byte[][][]) a : POOL.fresh(new byte[d0][d1][d2], Family.BYTE3, d0, d1, d2, 0, site);
    }

    /** Replaces a {@code new byte[d0][d1][d2][d3]} factory call. */
    public static byte[][][][] byte4d(int d0, int d1, int d2, int d3, int site) {
        Object a = POOL.borrow(Family.BYTE4, d0, d1, d2, d3, site);
        return a != null ? (byte[][][][]) a : POOL.fresh(new byte[d0][d1][d2][d3], Family.BYTE4, d0, d1, d2, d3, site);
    }

    // Sizes known only at run time (an arrays rule's new with a computed length): the same 24 entries with the
    // rule's min-bytes. Below it, or at a site that reverted (see SizedSites), the entry does the plain new
    // itself, so the app's bytecode gets no branch; inserted releases of these use releaseIfBorrowed.
    /** Replaces {@code new float[d0]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static float[] float1dAtLeast(int d0, int minBytes, int site) {
        if (bytes(4, d0, 1, 1, 1) < minBytes || SizedSites.plain(site)) return new float[d0];
        Object a = borrowSized(Family.FLOAT1, d0, 0, 0, 0, site);
        return a != null ? (float[]) a : POOL.fresh(new float[d0], Family.FLOAT1, d0, 0, 0, 0, site);
    }
    /** Replaces {@code new float[d0][d1]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static float[][] float2dAtLeast(int d0, int d1, int minBytes, int site) {
        if (bytes(4, d0, d1, 1, 1) < minBytes || SizedSites.plain(site)) return new float[d0][d1];
        Object a = borrowSized(Family.FLOAT2, d0, d1, 0, 0, site);
        return a != null ? (float[][]) a : POOL.fresh(new float[d0][d1], Family.FLOAT2, d0, d1, 0, 0, site);
    }
    /** Replaces {@code new float[d0][d1][d2]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static float[][][] float3dAtLeast(int d0, int d1, int d2, int minBytes, int site) {
        if (bytes(4, d0, d1, d2, 1) < minBytes || SizedSites.plain(site)) return new float[d0][d1][d2];
        Object a = borrowSized(Family.FLOAT3, d0, d1, d2, 0, site);
        return a != null ? (float[][][]) a : POOL.fresh(new float[d0][d1][d2], Family.FLOAT3, d0, d1, d2, 0, site);
    }
    /** Replaces {@code new float[d0][d1][d2][d3]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static float[][][][] float4dAtLeast(int d0, int d1, int d2, int d3, int minBytes, int site) {
        if (bytes(4, d0, d1, d2, d3) < minBytes || SizedSites.plain(site)) return new float[d0][d1][d2][d3];
        Object a = borrowSized(Family.FLOAT4, d0, d1, d2, d3, site);
        return a != null ? (float[][][][]) a : POOL.fresh(new float[d0][d1][d2][d3], Family.FLOAT4, d0, d1, d2, d3, site);
    }
    /** Replaces {@code new double[d0]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static double[] double1dAtLeast(int d0, int minBytes, int site) {
        if (bytes(8, d0, 1, 1, 1) < minBytes || SizedSites.plain(site)) return new double[d0];
        Object a = borrowSized(Family.DOUBLE1, d0, 0, 0, 0, site);
        return a != null ? (double[]) a : POOL.fresh(new double[d0], Family.DOUBLE1, d0, 0, 0, 0, site);
    }
    /** Replaces {@code new double[d0][d1]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static double[][] double2dAtLeast(int d0, int d1, int minBytes, int site) {
        if (bytes(8, d0, d1, 1, 1) < minBytes || SizedSites.plain(site)) return new double[d0][d1];
        Object a = borrowSized(Family.DOUBLE2, d0, d1, 0, 0, site);
        return a != null ? (double[][]) a : POOL.fresh(new double[d0][d1], Family.DOUBLE2, d0, d1, 0, 0, site);
    }
    /** Replaces {@code new double[d0][d1][d2]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static double[][][] double3dAtLeast(int d0, int d1, int d2, int minBytes, int site) {
        if (bytes(8, d0, d1, d2, 1) < minBytes || SizedSites.plain(site)) return new double[d0][d1][d2];
        Object a = borrowSized(Family.DOUBLE3, d0, d1, d2, 0, site);
        return a != null ? (double[][][]) a : POOL.fresh(new double[d0][d1][d2], Family.DOUBLE3, d0, d1, d2, 0, site);
    }
    /** Replaces {@code new double[d0][d1][d2][d3]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static double[][][][] double4dAtLeast(int d0, int d1, int d2, int d3, int minBytes, int site) {
        if (bytes(8, d0, d1, d2, d3) < minBytes || SizedSites.plain(site)) return new double[d0][d1][d2][d3];
        Object a = borrowSized(Family.DOUBLE4, d0, d1, d2, d3, site);
        return a != null ? (double[][][][]) a : POOL.fresh(new double[d0][d1][d2][d3], Family.DOUBLE4, d0, d1, d2, d3, site);
    }
    /** Replaces {@code new int[d0]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static int[] int1dAtLeast(int d0, int minBytes, int site) {
        if (bytes(4, d0, 1, 1, 1) < minBytes || SizedSites.plain(site)) return new int[d0];
        Object a = borrowSized(Family.INT1, d0, 0, 0, 0, site);
        return a != null ? (int[]) a : POOL.fresh(new int[d0], Family.INT1, d0, 0, 0, 0, site);
    }
    /** Replaces {@code new int[d0][d1]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static int[][] int2dAtLeast(int d0, int d1, int minBytes, int site) {
        if (bytes(4, d0, d1, 1, 1) < minBytes || SizedSites.plain(site)) return new int[d0][d1];
        Object a = borrowSized(Family.INT2, d0, d1, 0, 0, site);
        return a != null ? (int[][]) a : POOL.fresh(new int[d0][d1], Family.INT2, d0, d1, 0, 0, site);
    }
    /** Replaces {@code new int[d0][d1][d2]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static int[][][] int3dAtLeast(int d0, int d1, int d2, int minBytes, int site) {
        if (bytes(4, d0, d1, d2, 1) < minBytes || SizedSites.plain(site)) return new int[d0][d1][d2];
        Object a = borrowSized(Family.INT3, d0, d1, d2, 0, site);
        return a != null ? (int[][][]) a : POOL.fresh(new int[d0][d1][d2], Family.INT3, d0, d1, d2, 0, site);
    }
    /** Replaces {@code new int[d0][d1][d2][d3]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static int[][][][] int4dAtLeast(int d0, int d1, int d2, int d3, int minBytes, int site) {
        if (bytes(4, d0, d1, d2, d3) < minBytes || SizedSites.plain(site)) return new int[d0][d1][d2][d3];
        Object a = borrowSized(Family.INT4, d0, d1, d2, d3, site);
        return a != null ? (int[][][][]) a : POOL.fresh(new int[d0][d1][d2][d3], Family.INT4, d0, d1, d2, d3, site);
    }
    /** Replaces {@code new long[d0]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static long[] long1dAtLeast(int d0, int minBytes, int site) {
        if (bytes(8, d0, 1, 1, 1) < minBytes || SizedSites.plain(site)) return new long[d0];
        Object a = borrowSized(Family.LONG1, d0, 0, 0, 0, site);
        return a != null ? (long[]) a : POOL.fresh(new long[d0], Family.LONG1, d0, 0, 0, 0, site);
    }
    /** Replaces {@code new long[d0][d1]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static long[][] long2dAtLeast(int d0, int d1, int minBytes, int site) {
        if (bytes(8, d0, d1, 1, 1) < minBytes || SizedSites.plain(site)) return new long[d0][d1];
        Object a = borrowSized(Family.LONG2, d0, d1, 0, 0, site);
        return a != null ? (long[][]) a : POOL.fresh(new long[d0][d1], Family.LONG2, d0, d1, 0, 0, site);
    }
    /** Replaces {@code new long[d0][d1][d2]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static long[][][] long3dAtLeast(int d0, int d1, int d2, int minBytes, int site) {
        if (bytes(8, d0, d1, d2, 1) < minBytes || SizedSites.plain(site)) return new long[d0][d1][d2];
        Object a = borrowSized(Family.LONG3, d0, d1, d2, 0, site);
        return a != null ? (long[][][]) a : POOL.fresh(new long[d0][d1][d2], Family.LONG3, d0, d1, d2, 0, site);
    }
    /** Replaces {@code new long[d0][d1][d2][d3]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static long[][][][] long4dAtLeast(int d0, int d1, int d2, int d3, int minBytes, int site) {
        if (bytes(8, d0, d1, d2, d3) < minBytes || SizedSites.plain(site)) return new long[d0][d1][d2][d3];
        Object a = borrowSized(Family.LONG4, d0, d1, d2, d3, site);
        return a != null ? (long[][][][]) a : POOL.fresh(new long[d0][d1][d2][d3], Family.LONG4, d0, d1, d2, d3, site);
    }
    /** Replaces {@code new short[d0]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static short[] short1dAtLeast(int d0, int minBytes, int site) {
        if (bytes(2, d0, 1, 1, 1) < minBytes || SizedSites.plain(site)) return new short[d0];
        Object a = borrowSized(Family.SHORT1, d0, 0, 0, 0, site);
        return a != null ? (short[]) a : POOL.fresh(new short[d0], Family.SHORT1, d0, 0, 0, 0, site);
    }
    /** Replaces {@code new short[d0][d1]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static short[][] short2dAtLeast(int d0, int d1, int minBytes, int site) {
        if (bytes(2, d0, d1, 1, 1) < minBytes || SizedSites.plain(site)) return new short[d0][d1];
        Object a = borrowSized(Family.SHORT2, d0, d1, 0, 0, site);
        return a != null ? (short[][]) a : POOL.fresh(new short[d0][d1], Family.SHORT2, d0, d1, 0, 0, site);
    }
    /** Replaces {@code new short[d0][d1][d2]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static short[][][] short3dAtLeast(int d0, int d1, int d2, int minBytes, int site) {
        if (bytes(2, d0, d1, d2, 1) < minBytes || SizedSites.plain(site)) return new short[d0][d1][d2];
        Object a = borrowSized(Family.SHORT3, d0, d1, d2, 0, site);
        return a != null ? (short[][][]) a : POOL.fresh(new short[d0][d1][d2], Family.SHORT3, d0, d1, d2, 0, site);
    }
    /** Replaces {@code new short[d0][d1][d2][d3]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static short[][][][] short4dAtLeast(int d0, int d1, int d2, int d3, int minBytes, int site) {
        if (bytes(2, d0, d1, d2, d3) < minBytes || SizedSites.plain(site)) return new short[d0][d1][d2][d3];
        Object a = borrowSized(Family.SHORT4, d0, d1, d2, d3, site);
        return a != null ? (short[][][][]) a : POOL.fresh(new short[d0][d1][d2][d3], Family.SHORT4, d0, d1, d2, d3, site);
    }
    /** Replaces {@code new byte[d0]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static byte[] byte1dAtLeast(int d0, int minBytes, int site) {
        if (bytes(1, d0, 1, 1, 1) < minBytes || SizedSites.plain(site)) return new byte[d0];
        Object a = borrowSized(Family.BYTE1, d0, 0, 0, 0, site);
        return a != null ? (byte[]) a : POOL.fresh(new byte[d0], Family.BYTE1, d0, 0, 0, 0, site);
    }
    /** Replaces {@code new byte[d0][d1]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static byte[][] byte2dAtLeast(int d0, int d1, int minBytes, int site) {
        if (bytes(1, d0, d1, 1, 1) < minBytes || SizedSites.plain(site)) return new byte[d0][d1];
        Object a = borrowSized(Family.BYTE2, d0, d1, 0, 0, site);
        return a != null ? (byte[][]) a : POOL.fresh(new byte[d0][d1], Family.BYTE2, d0, d1, 0, 0, site);
    }
    /** Replaces {@code new byte[d0][d1][d2]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static byte[][][] byte3dAtLeast(int d0, int d1, int d2, int minBytes, int site) {
        if (bytes(1, d0, d1, d2, 1) < minBytes || SizedSites.plain(site)) return new byte[d0][d1][d2];
        Object a = borrowSized(Family.BYTE3, d0, d1, d2, 0, site);
        return a != null ? (byte[][][]) a : POOL.fresh(new byte[d0][d1][d2], Family.BYTE3, d0, d1, d2, 0, site);
    }
    /** Replaces {@code new byte[d0][d1][d2][d3]} with run-time dimensions in an arrays scope: pooled from {@code minBytes} on. */
    public static byte[][][][] byte4dAtLeast(int d0, int d1, int d2, int d3, int minBytes, int site) {
        if (bytes(1, d0, d1, d2, d3) < minBytes || SizedSites.plain(site)) return new byte[d0][d1][d2][d3];
        Object a = borrowSized(Family.BYTE4, d0, d1, d2, d3, site);
        return a != null ? (byte[][][][]) a : POOL.fresh(new byte[d0][d1][d2][d3], Family.BYTE4, d0, d1, d2, d3, site);
    }
    /** A borrow at a run-time-sized site, counted for its trial: the array, or null on a miss. */
    private static Object borrowSized(Family f, int d0, int d1, int d2, int d3, int site) {
        Object a = POOL.borrow(f, d0, d1, d2, d3, site);
        if (a != null) {
            SizedSites.hit(site);
        } else {
            SizedSites.miss(site);
        }
        return a;
    }

    /** Bytes of the leaves of an array of these dimensions (1 for unused ones), saturating; -1 if one is negative. */
    private static long bytes(int elementBytes, int d0, int d1, int d2, int d3) {
        if ((d0 | d1 | d2 | d3) < 0) return -1;
        return times(times(times(times(elementBytes, d0), d1), d2), d3);
    }

    private static long times(long total, int d) {
        return d == 0 || total <= Long.MAX_VALUE / d ? total * d : Long.MAX_VALUE;
    }

    /**
     * Replaces {@code OnnxValue.getValue()} at a site whose result goes home (released by the agent or by a
     * {@code release} rule): a FLOAT, DOUBLE, INT32 or INT64 tensor of rank 1-4 comes back in a pooled array of its
     * exact shape (the rank is known only at run time); any other value is the original call's (a primitive array
     * ONNX Runtime returns is registered as lent to the site). Inserted releases of these results go through
     * {@link #releaseIfBorrowed}, which leaves alone anything the pool did not lend.
     */
    public static Object onnxValue(Object value, int site) throws Throwable {
        return OnnxTensors.value(value, site);
    }

    /** Replaces a release call: the array goes home (double and foreign returns are reported, never pooled). */
    public static void release(Object array, int site) {
        POOL.release(array, site);
    }

    /**
     * What a {@code release} rule's call releases: {@code array} when the call ran the body the rule names
     * ({@code declaring}'s own {@code nameAndDescriptor}), null (nothing) when it ran another one: an inherited body,
     * or a subclass's override, which may keep the array. {@code receiver} is the virtual call's receiver, or null
     * for a call that does not dispatch (static, private, or on an interface, whose rule vouches for every
     * implementation).
     */
    public static Object releasable(Object receiver, Class<?> declaring, String nameAndDescriptor, Object array) {
        return DeclaredBodies.runs(receiver == null ? null : receiver.getClass(), declaring, nameAndDescriptor)
                ? array : null;
    }

    /** Sends the array home only if the pool lent it and it is still outstanding; otherwise does nothing at all. */
    public static void releaseIfBorrowed(Object array, int site) {
        if (array != null && Family.of(array.getClass()) != null && Tracker.releasingIfBorrowed(array, site)) {
            POOL.recycle(array);
        }
    }

    /**
     * Replaces a release of one known loan: {@code generation} is what {@link #generation(Object)} said right
     * after the borrow. The array goes home only if that loan is still out; a release after the buffer was
     * returned and lent again is refused and reported ({@code autopool STALE-RELEASE}), so the new borrower
     * keeps it.
     */
    public static void releaseLoan(Object array, int generation, int site) {
        POOL.releaseLoan(array, generation, site);
    }

    /** The generation of {@code array}'s current loan, for {@link #releaseLoan}; -1 for an array never lent. */
    public static int generation(Object array) {
        return Tracker.generation(array);
    }

    /**
     * A {@code factory} rule's call stayed plain in this version of its caller because the factory's body was not
     * checked yet (the caller is rewritten again once it is): {@code array} is its result. A {@code release} rule's
     * call that gets it later is right, not a foreign return, and is not reported.
     */
    public static void madeByPendingFactory(Object array) {
        Tracker.madeByPendingFactory(array);
    }

    /**
     * A {@code lifecycle} class stores {@code array} into a field of {@code holder}: a loan no object owns yet
     * becomes {@code holder}'s (held without keeping {@code holder} alive), so that only {@code holder}'s lifecycle method releases it.
     */
    public static void stored(Object holder, Object array) {
        Tracker.stored(holder, array);
    }

    /**
     * As {@link #stored}, for a store outside a constructor that replaces {@code previous} in {@code holder}'s
     * field: a loan of {@code previous} bound to {@code holder} can no longer come home through the lifecycle method
     * (the field holds another array now), and the app's own code dropped it, so it is left to the GC on purpose
     * and counts as lost, never as a leak. Nothing is released: the old array may still be read (a resize copies
     * from it).
     */
    public static void storedOver(Object holder, Object array, Object previous) {
        Tracker.stored(holder, array);
        if (previous != array) {
            Tracker.overwritten(holder, previous);
        }
    }

    /**
     * {@code holder}'s lifecycle method starts and its field holds {@code array}: the number of the loan a
     * {@link #stored} bound to {@code holder}, if it is still out, for {@link #releaseFrom} when the method
     * returns; else -1. A second close, or the close of a copy or clone whose field shares the buffer, is
     * reported once per site ({@code autopool REPEATED-CLOSE}).
     */
    public static int closing(Object holder, Object array, int site) {
        return Tracker.closing(holder, array, site);
    }

    /**
     * {@code holder}'s lifecycle method returns normally; {@code array} is what its field held when the method
     * started and {@code loan} what {@link #closing} said then. That loan goes home if it is still out and still
     * {@code holder}'s, whatever the field holds now (a close that clears its fields releases them too); an array
     * stored during the method stays with the object.
     */
    public static void releaseFrom(Object holder, Object array, int loan, int site) {
        if (array != null && Family.of(array.getClass()) != null && Tracker.releasingFrom(holder, array, loan, site)) {
            POOL.recycle(array);
        }
    }

    /**
     * An automatic release the agent inserted: the array goes home only if it is not null and the verdict behind
     * the release still holds ({@code guard}, read here at the moment of release; see the agent's soundness
     * notes). Otherwise nothing happens and the buffer is left to the GC.
     */
    public static void releaseIfValid(Object array, int guard, int site) {
        if (array != null && VerdictGuards.holds(guard)) {
            POOL.release(array, site);
        }
    }

    /**
     * {@link #releaseIfValid} of one known loan: {@code generation} is what {@link #generation(Object)} said right
     * after the borrow the agent saw produce {@code array}. A release of a buffer returned and lent again since is
     * refused and reported ({@code autopool STALE-RELEASE}), so the new borrower keeps it.
     */
    public static void releaseLoanIfValid(Object array, int generation, int guard, int site) {
        if (array != null && VerdictGuards.holds(guard)) {
            POOL.releaseLoan(array, generation, site);
        }
    }

    /**
     * {@link #releaseIfBorrowedAndValid} of one known loan: a value the pool had not lent right after its borrow
     * ({@code generation} -1: a plain array below {@code min-bytes}, an ONNX output read the original way) is left
     * alone with no report; a loan goes home as in {@link #releaseLoanIfValid}.
     */
    public static void releaseLoanIfBorrowedAndValid(Object array, int generation, int guard, int site) {
        if (array != null && generation != -1 && VerdictGuards.holds(guard)) {
            POOL.releaseLoan(array, generation, site);
        }
    }

    /**
     * A fresh, valid guard for one verdict of the agent. Guards only go from valid to invalid, so calling this or
     * {@link #invalidateGuard} from anywhere else can only lose releases, never add one.
     */
    public static int newGuard() {
        return VerdictGuards.create();
    }

    /**
     * A store into a field an owned-field rule names: {@code owner}'s field held {@code previous} and now holds
     * {@code array}. When
     * {@code site} is the borrow site that lent {@code array} right before the store, the buffer goes home once
     * {@code owner} is collected (a {@link java.lang.ref.Cleaner} that holds the array, never the owner), if
     * {@code guard} still holds then; a {@code site} of -1 binds nothing. A bound buffer that is overwritten is
     * given up to the GC, never released, and not reported as a leak.
     */
    public static void ownedStore(Object owner, Object array, Object previous, int guard, int site) {
        OwnedLoans.stored(POOL, owner, array, previous, guard, site);
    }

    /** Clears a guard for good: releases that read it release nothing from now on. */
    public static void invalidateGuard(int guard) {
        VerdictGuards.clear(guard);
    }

    /**
     * As {@link #releaseIfValid}, for a value the pool may not have lent (an ONNX output read the original way, a
     * run-time-sized {@code new} below min-bytes): it goes home only if the verdict still holds and the pool lent
     * it and it is still out; anything else is left alone, with no report.
     */
    public static void releaseIfBorrowedAndValid(Object array, int guard, int site) {
        if (array != null && VerdictGuards.holds(guard)) {
            releaseIfBorrowed(array, site);
        }
    }

    /** Counters over every shape. */
    public static PoolStats stats() {
        return POOL.stats();
    }

    /** Counters per shape, the largest first. */
    public static List<ShapeStats> shapeStats() {
        return POOL.shapeStats();
    }
}
