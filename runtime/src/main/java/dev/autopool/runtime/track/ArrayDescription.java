package dev.autopool.runtime.track;

import dev.autopool.runtime.internal.ElementType;

/**
 * What a report says about an array: its element type and dimensions, e.g. {@code float[3][64][64]}. Taken when the
 * ledger first meets the array, because a leak is reported after the array is gone. Not a pool {@code Shape}: the
 * array may be any array the app hands to a release (a {@code char[]}, a jagged one whose missing rows read
 * {@code ?}), so its leaf type is any class.
 */
record ArrayDescription(Class<?> elementType, int[] dims) {

    static ArrayDescription of(Object array) {
        int rank = 0;
        Class<?> type = array.getClass();
        while (type.isArray()) {
            rank++;
            type = type.getComponentType();
        }
        int[] dims = new int[rank];
        Object level = array;
        for (int i = 0; i < rank; i++) {
            if (level == null) {
                dims[i] = -1;
                continue;
            }
            dims[i] = java.lang.reflect.Array.getLength(level);
            level = level instanceof Object[] rows && rows.length > 0 ? rows[0] : null;
        }
        return new ArrayDescription(type, dims);
    }

    /** Bytes of the primitive leaves, assuming the array is rectangular (pooled arrays are). */
    long bytes() {
        long n = 1;
        for (int d : dims) {
            n *= Math.max(d, 0);
        }
        return n * leafBytes(elementType);
    }

    private static int leafBytes(Class<?> type) {
        ElementType pooled = ElementType.of(type);
        if (pooled != null) return pooled.byteSize;
        if (type == char.class) return 2;
        if (type == boolean.class) return 1;
        return 4; // a reference: an estimate, pools only hold primitive leaves
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(elementType.getName());
        for (int d : dims) {
            sb.append('[').append(d < 0 ? "?" : String.valueOf(d)).append(']');
        }
        return sb.toString();
    }
}
