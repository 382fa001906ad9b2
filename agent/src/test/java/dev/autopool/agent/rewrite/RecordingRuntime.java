package dev.autopool.agent.rewrite;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for {@code Pools} in the rewrite tests: same static signatures, records every call. One line per
 * element type and rank, all over one generic core.
 */
public final class RecordingRuntime {
    /** What the rewritten code asked of the runtime. */
    public record Call(String method, Object array, int site, String shape) {}

    static final List<Call> CALLS = new ArrayList<>();

    private RecordingRuntime() {}

    static void reset() {
        CALLS.clear();
        STORED_OVER.clear();
    }

    private static Object borrow(String name, Class<?> element, int site, int... dims) {
        Object array = Array.newInstance(element, dims);
        CALLS.add(new Call(name, array, site, java.util.Arrays.toString(dims)));
        return array;
    }

    public static void release(Object array, int site) {
        CALLS.add(new Call("release", array, site, null));
    }

    /** The guarded release the automatic release inserts: recorded as a release when there is a buffer. */
    public static void releaseIfValid(Object array, int guard, int site) {
        if (array != null) CALLS.add(new Call("release", array, site, null));
    }

    /** A loan's number: the index of the call that borrowed {@code array} last; -1 if none did. */
    public static int generation(Object array) {
        for (int i = CALLS.size() - 1; i >= 0; i--) {
            if (CALLS.get(i).array() == array && CALLS.get(i).shape() != null
                    && !CALLS.get(i).shape().startsWith("gen=")) {
                return i;
            }
        }
        return -1;
    }

    /** A release rule's call that names its loan: recorded as releaseLoan with that loan's number. */
    public static void releaseLoan(Object array, int generation, int site) {
        CALLS.add(new Call("releaseLoan", array, site, "gen=" + generation));
    }

    /** The loan form of the guarded release: recorded as a release, with the loan's number. */
    public static void releaseLoanIfValid(Object array, int generation, int guard, int site) {
        if (array != null) CALLS.add(new Call("release", array, site, "gen=" + generation));
    }

    /** The loan form of the guarded release of a value the pool may not have lent. */
    public static void releaseLoanIfBorrowedAndValid(Object array, int generation, int guard, int site) {
        if (array != null) CALLS.add(new Call("releaseIfBorrowed", array, site, "gen=" + generation));
    }

    /** An owned field's store: recorded with the stored array and the borrow site (-1: binds nothing). */
    public static void ownedStore(Object owner, Object array, Object previous, int guard, int site) {
        CALLS.add(new Call("ownedStore", array, site, previous == null ? null : "over a previous buffer"));
    }

    /** As the runtime's: the array only when the call ran the declared body. */
    public static Object releasable(Object receiver, Class<?> declaring, String nameAndDescriptor, Object array) {
        return dev.autopool.runtime.internal.DeclaredBodies.runs(receiver == null ? null : receiver.getClass(),
                declaring, nameAndDescriptor) ? array : null;
    }

    public static void releaseIfBorrowed(Object array, int site) {
        CALLS.add(new Call("releaseIfBorrowed", array, site, null));
    }

    /** The guarded release of a value the pool may not have lent: recorded as releaseIfBorrowed. */
    public static void releaseIfBorrowedAndValid(Object array, int guard, int site) {
        if (array != null) CALLS.add(new Call("releaseIfBorrowed", array, site, null));
    }

    /** Stands in for {@code Pools.onnxValue}: the original call, recorded. */
    public static Object onnxValue(Object value, int site) {
        Object array = ((ai.onnxruntime.OnnxValue) value).getValue();
        CALLS.add(new Call("onnxValue", array, site, null));
        return array;
    }

    /** A run-time-sized entry: recorded with the rule's min-bytes after the shape. */
    private static Object sized(String name, Class<?> element, int minBytes, int site, int... dims) {
        Object array = Array.newInstance(element, dims);
        CALLS.add(new Call(name, array, site, java.util.Arrays.toString(dims) + " min=" + minBytes));
        return array;
    }

    public static float[] float1dAtLeast(int a, int min, int site) { return (float[]) sized("float1dAtLeast", float.class, min, site, a); }
    public static int[] int1dAtLeast(int a, int min, int site) { return (int[]) sized("int1dAtLeast", int.class, min, site, a); }
    public static float[][] float2dAtLeast(int a, int b, int min, int site) { return (float[][]) sized("float2dAtLeast", float.class, min, site, a, b); }
    public static float[][][] float3dAtLeast(int a, int b, int c, int min, int site) { return (float[][][]) sized("float3dAtLeast", float.class, min, site, a, b, c); }

    /** A lifecycle field store outside a constructor: recorded with the previous array as {@code STORED_OVER}. */
    public static void storedOver(Object holder, Object array, Object previous) {
        STORED_OVER.add(previous);
        CALLS.add(new Call("storedOver", array, -1, holder.getClass().getSimpleName()));
    }

    static final List<Object> STORED_OVER = new ArrayList<>();

    public static void madeByPendingFactory(Object array) {
        CALLS.add(new Call("madeByPendingFactory", array, -1, null));
    }

    public static void stored(Object holder, Object array) {
        CALLS.add(new Call("stored", array, -1, holder.getClass().getSimpleName()));
    }

    /** The loan numbers {@link #closing} hands out, one per call, so a test can match them to the releases. */
    private static int loans = 100;

    public static int closing(Object holder, Object array, int site) {
        int loan = loans++;
        CALLS.add(new Call("closing", array, site, holder.getClass().getSimpleName() + " loan " + loan));
        return loan;
    }

    public static void releaseFrom(Object holder, Object array, int loan, int site) {
        CALLS.add(new Call("releaseFrom", array, site, holder.getClass().getSimpleName() + " loan " + loan));
    }

    public static float[] float1d(int a, int site) { return (float[]) borrow("float1d", float.class, site, a); }
    public static float[][] float2d(int a, int b, int site) { return (float[][]) borrow("float2d", float.class, site, a, b); }
    public static float[][][] float3d(int a, int b, int c, int site) { return (float[][][]) borrow("float3d", float.class, site, a, b, c); }
    public static float[][][][] float4d(int a, int b, int c, int d, int site) { return (float[][][][]) borrow("float4d", float.class, site, a, b, c, d); }
    public static double[][][] double3d(int a, int b, int c, int site) { return (double[][][]) borrow("double3d", double.class, site, a, b, c); }
    public static int[] int1d(int a, int site) { return (int[]) borrow("int1d", int.class, site, a); }
    public static int[][] int2d(int a, int b, int site) { return (int[][]) borrow("int2d", int.class, site, a, b); }
    public static long[] long1d(int a, int site) { return (long[]) borrow("long1d", long.class, site, a); }
    public static short[][] short2d(int a, int b, int site) { return (short[][]) borrow("short2d", short.class, site, a, b); }
    public static byte[] byte1d(int a, int site) { return (byte[]) borrow("byte1d", byte.class, site, a); }
}
