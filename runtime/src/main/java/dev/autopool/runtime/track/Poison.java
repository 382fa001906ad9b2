package dev.autopool.runtime.track;

/**
 * Fills released arrays with a recognisable pattern and checks it is intact before reuse, so a write after
 * the release shows. Floating-point leaves get a NaN with a payload of its own (no arithmetic produces it),
 * integral leaves a fixed bit pattern. One method per leaf type: the per-type loops are the whole cost.
 */
final class Poison {
    static final int FLOAT_BITS = 0x7fa5_a5a5;
    static final long DOUBLE_BITS = 0x7ff5_a5a5_a5a5_a5a5L;
    static final long PATTERN = 0xa5a5_a5a5_a5a5_a5a5L;

    private Poison() {}

    static void fill(Object array) {
        if (array instanceof Object[] rows) {
            for (Object row : rows) {
                if (row != null) fill(row);
            }
        } else if (array instanceof float[] a) {
            java.util.Arrays.fill(a, Float.intBitsToFloat(FLOAT_BITS));
        } else if (array instanceof double[] a) {
            java.util.Arrays.fill(a, Double.longBitsToDouble(DOUBLE_BITS));
        } else if (array instanceof int[] a) {
            java.util.Arrays.fill(a, (int) PATTERN);
        } else if (array instanceof long[] a) {
            java.util.Arrays.fill(a, PATTERN);
        } else if (array instanceof short[] a) {
            java.util.Arrays.fill(a, (short) PATTERN);
        } else if (array instanceof byte[] a) {
            java.util.Arrays.fill(a, (byte) PATTERN);
        } else if (array instanceof char[] a) {
            java.util.Arrays.fill(a, (char) PATTERN);
        } else if (array instanceof boolean[] a) {
            java.util.Arrays.fill(a, true);
        }
    }

    /** Whether every leaf still holds the poison {@link #fill} wrote. */
    static boolean intact(Object array) {
        if (array instanceof Object[] rows) {
            for (Object row : rows) {
                if (row != null && !intact(row)) return false;
            }
            return true;
        } else if (array instanceof float[] a) {
            for (float v : a) if (Float.floatToRawIntBits(v) != FLOAT_BITS) return false;
        } else if (array instanceof double[] a) {
            for (double v : a) if (Double.doubleToRawLongBits(v) != DOUBLE_BITS) return false;
        } else if (array instanceof int[] a) {
            for (int v : a) if (v != (int) PATTERN) return false;
        } else if (array instanceof long[] a) {
            for (long v : a) if (v != PATTERN) return false;
        } else if (array instanceof short[] a) {
            for (short v : a) if (v != (short) PATTERN) return false;
        } else if (array instanceof byte[] a) {
            for (byte v : a) if (v != (byte) PATTERN) return false;
        } else if (array instanceof char[] a) {
            for (char v : a) if (v != (char) PATTERN) return false;
        } else if (array instanceof boolean[] a) {
            for (boolean v : a) if (!v) return false;
        }
        return true;
    }
}
