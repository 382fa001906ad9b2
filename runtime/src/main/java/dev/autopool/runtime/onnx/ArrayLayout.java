package dev.autopool.runtime.onnx;

import dev.autopool.runtime.internal.ElementType;
import java.lang.reflect.Array;
import java.nio.Buffer;

/**
 * The shape of a rectangular, non-empty primitive array of rank 1 to 8, as {@code OnnxTensor.createTensor(env,
 * Object)} would infer it, and its row-major copy into a buffer. Anything else (boolean or String data, boxed
 * scalars, ragged or null rows, empty dimensions) has no layout, so the call goes to ONNX Runtime unchanged and
 * gets ONNX Runtime's own answer or error.
 */
final class ArrayLayout {
    /** ONNX Runtime's limit on tensor rank. */
    private static final int MAX_RANK = 8;
    /** A direct buffer is indexed by int; stay below ONNX Runtime's own limit for one buffer. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 64;

    final ElementType element;
    final long[] shape;
    final int elements;

    private ArrayLayout(ElementType element, long[] shape, int elements) {
        this.element = element;
        this.shape = shape;
        this.elements = elements;
    }

    long bytes() {
        return (long) elements * element.byteSize;
    }

    /** The layout inferred from the first row at each depth, or null when the data cannot be pooled. */
    static ArrayLayout of(Object data) {
        if (data == null || !data.getClass().isArray()) return null;
        int rank = 0;
        Class<?> leaf = data.getClass();
        while (leaf.isArray()) {
            rank++;
            leaf = leaf.getComponentType();
        }
        ElementType element = ElementType.of(leaf);
        if (element == null || rank > MAX_RANK) return null;
        long[] shape = new long[rank];
        long count = 1;
        Object row = data;
        for (int d = 0; d < rank; d++) {
            int length = Array.getLength(row);
            if (length == 0) return null;
            shape[d] = length;
            count *= length;
            if (d < rank - 1) {
                row = ((Object[]) row)[0];
                if (row == null) return null;
            }
        }
        if (count * element.byteSize > MAX_BYTES) return null;
        return new ArrayLayout(element, shape, (int) count);
    }

    /**
     * Copies {@code data} row by row into {@code view}; false when a row turns out ragged or null (the caller
     * then lets ONNX Runtime report it).
     */
    boolean copy(Object data, Buffer view) {
        return copy(data, 0, view);
    }

    private boolean copy(Object array, int depth, Buffer view) {
        if (depth == shape.length - 1) {
            if (element.length(array) != shape[depth]) return false;
            element.put(view, array);
            return true;
        }
        Object[] rows = (Object[]) array;
        if (rows.length != shape[depth]) return false;
        for (Object row : rows) {
            if (row == null || !copy(row, depth + 1, view)) return false;
        }
        return true;
    }
}
