package dev.autopool.runtime.pool;

import dev.autopool.runtime.internal.ElementType;
import java.util.Arrays;

/** The exact shape of a pooled array: its primitive element type and its dimensions, outermost first. */
public record Shape(Class<?> elementType, int[] dims) {

    public Shape {
        dims = dims.clone();
    }

    public static Shape of(Class<?> elementType, int... dims) {
        return new Shape(elementType, dims);
    }

    public int rank() {
        return dims.length;
    }

    /** Bytes held by the primitive leaves of an array of this shape. */
    public long bytes() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        ElementType type = ElementType.of(elementType);
        if (type == null) throw new IllegalArgumentException("not a pooled element type: " + elementType);
        return n * type.byteSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && s.elementType == elementType && Arrays.equals(s.dims, dims);
    }

    @Override
    public int hashCode() {
        return 31 * elementType.hashCode() + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(elementType.getName());
        for (int d : dims) {
            sb.append('[').append(d).append(']');
        }
        return sb.toString();
    }
}
