package dev.autopool.runtime.onnx;

import dev.autopool.runtime.internal.ElementType;
import dev.autopool.runtime.pool.ArrayPool;
import dev.autopool.runtime.pool.Family;
import dev.autopool.runtime.pool.GlobalPool;
import dev.autopool.runtime.pool.Shape;
import dev.autopool.runtime.pool.ShapeStats;
import java.lang.ref.Reference;
import java.lang.reflect.Array;
import java.nio.Buffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code OnnxValue.getValue()} at a call site the agent proved releases its result: a FLOAT, DOUBLE, INT32 or
 * INT64 tensor of rank 1 to 4 is read straight from its native memory into an array of its exact shape borrowed
 * from the array pools (one bulk copy per innermost row, no copy in between); any other value, and any tensor
 * that cannot be read that way, takes the original call. A primitive array ONNX Runtime's original call returns
 * (always a fresh one) is registered as lent to the site, so it goes home like a borrowed one; an app's own
 * {@code OnnxValue} may hand out an array it keeps, so its result is never registered (the agent's inserted
 * release, {@code releaseIfBorrowed}, then leaves it alone).
 */
final class OutputValues {
    private static final ArrayPool POOL = GlobalPool.get();
    /** By element (FLOAT, DOUBLE, INT, LONG) and rank. */
    private static final Family[][] FAMILIES = {
            {null, Family.FLOAT1, Family.FLOAT2, Family.FLOAT3, Family.FLOAT4},
            {null, Family.DOUBLE1, Family.DOUBLE2, Family.DOUBLE3, Family.DOUBLE4},
            {null, Family.INT1, Family.INT2, Family.INT3, Family.INT4},
            {null, Family.LONG1, Family.LONG2, Family.LONG3, Family.LONG4}};

    private static final LongAdder values = new LongAdder();
    private static final LongAdder pooled = new LongAdder();
    private static final LongAdder hits = new LongAdder();
    /** Shapes pooled outputs were borrowed in, added on a miss (the first borrow of a shape is one). */
    private static final Set<Shape> shapes = ConcurrentHashMap.newKeySet();

    private OutputValues() {}

    static Object value(Object value, int site) throws Throwable {
        TensorReader reader = TensorReader.of(value.getClass()); // a null receiver fails here, as the call did
        values.increment();
        if (reader.pools()) {
            Object array = pooledValue(reader, value, site);
            if (array != null) return array;
        }
        Object plain = reader.original(value);
        if (reader.isOnnxRuntimes()) adopt(plain, site); // ONNX Runtime hands out a fresh array on every call
        return plain;
    }

    /** The tensor's values in a pooled array, or null when this tensor is read the original way. */
    private static Object pooledValue(TensorReader reader, Object tensor, int site) throws Throwable {
        Object info = reader.info(tensor);
        ElementType element = reader.element(info);
        if (element == null) return null;
        long[] shape = reader.shape(info);
        int rank = shape.length;
        if (rank < 1 || rank > 4) return null;
        long count = 1;
        for (long d : shape) {
            if (d <= 0 || d > Integer.MAX_VALUE) return null; // empty tensors, or more than an array holds
            count *= d;
            if (count * element.byteSize > Integer.MAX_VALUE) return null; // more than one direct view spans
        }
        if (reader.isClosed(tensor)) return null; // the original call throws ONNX Runtime's own error
        int d0 = (int) shape[0];
        int d1 = rank > 1 ? (int) shape[1] : 0;
        int d2 = rank > 2 ? (int) shape[2] : 0;
        int d3 = rank > 3 ? (int) shape[3] : 0;
        Family family = FAMILIES[element.ordinal()][rank];
        Object array = POOL.borrow(family, d0, d1, d2, d3, site);
        if (array != null) {
            hits.increment();
        } else {
            int[] dims = toInts(shape);
            array = POOL.fresh(Array.newInstance(element.type, dims), family, d0, d1, d2, d3, site);
            shapes.add(Shape.of(element.type, dims));
        }
        try {
            Buffer memory = element.view(reader.memory(tensor));
            element.fill(array, rank, memory);
        } catch (Throwable t) {
            POOL.release(array, site);
            reader.broke(t);
            return null;
        } finally {
            Reference.reachabilityFence(tensor); // its native memory must outlive the copy
        }
        pooled.increment();
        return array;
    }

    /** Registers a primitive array of a pooled type as lent to {@code site}, so a release of it is no foreign one. */
    private static void adopt(Object value, int site) {
        Family family = value == null ? null : Family.of(value.getClass());
        if (family == null) return;
        int[] dims = new int[4];
        Object a = value;
        for (int level = 0; level < family.rank(); level++) {
            int length = Array.getLength(a);
            dims[level] = length;
            if (level + 1 < family.rank()) {
                if (length == 0 || (a = ((Object[]) a)[0]) == null) return;
            }
        }
        POOL.adopt(value, family, dims[0], dims[1], dims[2], dims[3], site);
    }

    private static int[] toInts(long[] shape) {
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) dims[i] = (int) shape[i];
        return dims;
    }

    /**
     * The output lines of the shutdown summary, none when no output was read here: totals, then the pool's
     * counters for the shapes outputs were borrowed in (one per run-time length), the most borrowed first.
     */
    static List<String> summaryLines() {
        long n = values.sum();
        if (n == 0) return List.of();
        long p = pooled.sum();
        long h = hits.sum();
        List<ShapeStats> seen = new ArrayList<>();
        for (ShapeStats s : POOL.shapeStats()) {
            if (shapes.contains(s.shape())) seen.add(s);
        }
        seen.sort(Comparator.comparingLong((ShapeStats s) -> s.stats().borrows()).reversed());
        List<String> lines = new ArrayList<>();
        lines.add("autopool ONNX-OUTPUTS values=" + n + " pooled=" + p + " hits=" + h + " plain=" + (n - p)
                + " hitRate=" + rate(h, p) + " shapes=" + shapes.size());
        for (int i = 0; i < Math.min(10, seen.size()); i++) {
            ShapeStats s = seen.get(i);
            lines.add("autopool ONNX-OUTPUT-SHAPE " + s.shape() + " borrows=" + s.stats().borrows() + " hits="
                    + s.stats().hits() + " hitRate=" + rate(s.stats().hits(), s.stats().borrows()));
        }
        if (seen.size() > 10) {
            lines.add("autopool ONNX-OUTPUT-SHAPE ... and " + (seen.size() - 10) + " more shapes");
        }
        return lines;
    }

    private static String rate(long part, long whole) {
        return whole == 0 ? "0.00" : String.format(Locale.ROOT, "%.2f", (double) part / whole);
    }

    /** Counters for tests and the summary: values read, pooled, and pool hits among the pooled. */
    static long[] counts() {
        return new long[] {values.sum(), pooled.sum(), hits.sum()};
    }
}
