package dev.autopool.runtime.pool;

import java.util.Arrays;

/** The primitive element types the pools hold, and the few per-type operations the generic core needs. */
enum Kind {
    FLOAT(float.class, 4),
    DOUBLE(double.class, 8),
    INT(int.class, 4),
    LONG(long.class, 8),
    SHORT(short.class, 2),
    BYTE(byte.class, 1);

    final Class<?> type;
    final int byteSize;

    Kind(Class<?> type, int byteSize) {
        this.type = type;
        this.byteSize = byteSize;
    }

    static Kind of(Class<?> type) {
        for (Kind k : values()) {
            if (k.type == type) {
                return k;
            }
        }
        return null;
    }

    /**
     * Zeroes every leaf row of {@code rows}. One loop per kind, with the type switch outside it, because this
     * runs over every row of every recycled array.
     */
    void zeroLeaves(Object[] rows) {
        switch (this) {
            case FLOAT -> {
                for (Object r : rows) Arrays.fill((float[]) r, 0f);
            }
            case DOUBLE -> {
                for (Object r : rows) Arrays.fill((double[]) r, 0d);
            }
            case INT -> {
                for (Object r : rows) Arrays.fill((int[]) r, 0);
            }
            case LONG -> {
                for (Object r : rows) Arrays.fill((long[]) r, 0L);
            }
            case SHORT -> {
                for (Object r : rows) Arrays.fill((short[]) r, (short) 0);
            }
            case BYTE -> {
                for (Object r : rows) Arrays.fill((byte[]) r, (byte) 0);
            }
        }
    }

    /** Fills a leaf array of this kind with zeros (a switch rather than a virtual call: one call site, 6 kinds). */
    void zero(Object leaf) {
        switch (this) {
            case FLOAT -> Arrays.fill((float[]) leaf, 0f);
            case DOUBLE -> Arrays.fill((double[]) leaf, 0d);
            case INT -> Arrays.fill((int[]) leaf, 0);
            case LONG -> Arrays.fill((long[]) leaf, 0L);
            case SHORT -> Arrays.fill((short[]) leaf, (short) 0);
            case BYTE -> Arrays.fill((byte[]) leaf, (byte) 0);
        }
    }
}
