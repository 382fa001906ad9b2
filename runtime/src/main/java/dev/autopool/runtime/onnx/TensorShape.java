package dev.autopool.runtime.onnx;

import java.util.Arrays;

/** A tensor's element type and dimensions: the key the per-shape metrics are kept under. */
record TensorShape(Element element, long[] dims) {

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorShape s && s.element == element && Arrays.equals(s.dims, dims);
    }

    @Override
    public int hashCode() {
        return 31 * element.hashCode() + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return describe(element, dims);
    }

    /** {@code float[8][64][128]}, or {@code float[?]} when the shape is unknown. */
    static String describe(Element element, long[] dims) {
        StringBuilder sb = new StringBuilder(element.toString());
        if (dims == null) return sb.append("[?]").toString();
        for (long d : dims) {
            sb.append('[').append(d).append(']');
        }
        return sb.toString();
    }
}
