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
     * Makes every row of {@code rows} a leaf array of this kind and length {@code want} again (replacing a row
     * the app nulled or swapped for another length) and zeroes it if asked. One loop per kind, with the type
     * switch outside it, because this runs over every row of every recycled array.
     */
    void prepareLeaves(Object[] rows, int want, boolean zero) {
        switch (this) {
            case FLOAT -> {
                for (int i = 0; i < rows.length; i++) {
                    if (rows[i] instanceof float[] r && r.length == want) {
                        if (zero) Arrays.fill(r, 0f);
                    } else {
                        rows[i] = new float[want];
                    }
                }
            }
            case DOUBLE -> {
                for (int i = 0; i < rows.length; i++) {
                    if (rows[i] instanceof double[] r && r.length == want) {
                        if (zero) Arrays.fill(r, 0d);
                    } else {
                        rows[i] = new double[want];
                    }
                }
            }
            case INT -> {
                for (int i = 0; i < rows.length; i++) {
                    if (rows[i] instanceof int[] r && r.length == want) {
                        if (zero) Arrays.fill(r, 0);
                    } else {
                        rows[i] = new int[want];
                    }
                }
            }
            case LONG -> {
                for (int i = 0; i < rows.length; i++) {
                    if (rows[i] instanceof long[] r && r.length == want) {
                        if (zero) Arrays.fill(r, 0L);
                    } else {
                        rows[i] = new long[want];
                    }
                }
            }
            case SHORT -> {
                for (int i = 0; i < rows.length; i++) {
                    if (rows[i] instanceof short[] r && r.length == want) {
                        if (zero) Arrays.fill(r, (short) 0);
                    } else {
                        rows[i] = new short[want];
                    }
                }
            }
            case BYTE -> {
                for (int i = 0; i < rows.length; i++) {
                    if (rows[i] instanceof byte[] r && r.length == want) {
                        if (zero) Arrays.fill(r, (byte) 0);
                    } else {
                        rows[i] = new byte[want];
                    }
                }
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
