package dev.autopool.runtime.internal;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;

/**
 * The primitive element types that array pools and pooled tensors hold (every primitive but {@code char} and
 * {@code boolean}), with every per-type operation of the runtime: one switch per operation, so the pools and the
 * ONNX path are type-agnostic. Internal: public only because {@code pool}, {@code onnx} and {@code track} share it.
 */
public enum ElementType {
    FLOAT(4, float.class), DOUBLE(8, double.class), INT(4, int.class), LONG(8, long.class),
    SHORT(2, short.class), BYTE(1, byte.class);

    public final int byteSize;
    public final Class<?> type;

    ElementType(int byteSize, Class<?> type) {
        this.byteSize = byteSize;
        this.type = type;
    }

    /** The element type of a primitive leaf class, or null for boolean, char, String and other classes. */
    public static ElementType of(Class<?> c) {
        for (ElementType e : values()) {
            if (e.type == c) return e;
        }
        return null;
    }

    /**
     * Zeroes every leaf row of {@code rows}. One loop per type, with the type switch outside it, because this
     * runs over every row of every recycled array.
     */
    public void zeroLeaves(Object[] rows) {
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

    /** Fills a leaf array of this type with zeros (a switch rather than a virtual call: one call site, 6 types). */
    public void zero(Object leaf) {
        switch (this) {
            case FLOAT -> Arrays.fill((float[]) leaf, 0f);
            case DOUBLE -> Arrays.fill((double[]) leaf, 0d);
            case INT -> Arrays.fill((int[]) leaf, 0);
            case LONG -> Arrays.fill((long[]) leaf, 0L);
            case SHORT -> Arrays.fill((short[]) leaf, (short) 0);
            case BYTE -> Arrays.fill((byte[]) leaf, (byte) 0);
        }
    }

    /**
     * A view of {@code bytes} (position 0, limit = the tensor's byte size, native order) typed for this element:
     * its capacity and {@code remaining()} are exactly the tensor's element count.
     */
    public Buffer view(ByteBuffer bytes) {
        return switch (this) {
            case FLOAT -> bytes.asFloatBuffer();
            case DOUBLE -> bytes.asDoubleBuffer();
            case INT -> bytes.asIntBuffer();
            case LONG -> bytes.asLongBuffer();
            case SHORT -> bytes.asShortBuffer();
            case BYTE -> bytes.slice().order(bytes.order());
        };
    }

    /** Length of a leaf array of this type. */
    public int length(Object leaf) {
        return switch (this) {
            case FLOAT -> ((float[]) leaf).length;
            case DOUBLE -> ((double[]) leaf).length;
            case INT -> ((int[]) leaf).length;
            case LONG -> ((long[]) leaf).length;
            case SHORT -> ((short[]) leaf).length;
            case BYTE -> ((byte[]) leaf).length;
        };
    }

    /** Appends a whole leaf array at the view's position, in one bulk copy. */
    public void put(Buffer view, Object leaf) {
        switch (this) {
            case FLOAT -> ((FloatBuffer) view).put((float[]) leaf);
            case DOUBLE -> ((DoubleBuffer) view).put((double[]) leaf);
            case INT -> ((IntBuffer) view).put((int[]) leaf);
            case LONG -> ((LongBuffer) view).put((long[]) leaf);
            case SHORT -> ((ShortBuffer) view).put((short[]) leaf);
            case BYTE -> ((ByteBuffer) view).put((byte[]) leaf);
        }
    }

    /**
     * Copies {@code source}'s remaining elements into the view in one bulk copy, leaving the source's position
     * as it was (ONNX Runtime's own copy does the same). Values, not raw bytes, are copied, so a source of the
     * other byte order still yields the same numbers; a {@code ByteBuffer} is copied byte for byte.
     */
    public void putAll(Buffer view, Buffer source) {
        int at = source.position();
        int n = source.remaining();
        switch (this) {
            case FLOAT -> ((FloatBuffer) view).put(0, (FloatBuffer) source, at, n);
            case DOUBLE -> ((DoubleBuffer) view).put(0, (DoubleBuffer) source, at, n);
            case INT -> ((IntBuffer) view).put(0, (IntBuffer) source, at, n);
            case LONG -> ((LongBuffer) view).put(0, (LongBuffer) source, at, n);
            case SHORT -> ((ShortBuffer) view).put(0, (ShortBuffer) source, at, n);
            case BYTE -> ((ByteBuffer) view).put(0, (ByteBuffer) source, at, n);
        }
        view.position(n);
    }

    /**
     * Fills {@code array} (of this element type and {@code rank}, every row present) from {@code source}'s
     * position on, one bulk get per innermost row, in row-major order: the layout of a tensor's memory.
     */
    public void fill(Object array, int rank, Buffer source) {
        if (rank > 1) {
            for (Object row : (Object[]) array) fill(row, rank - 1, source);
            return;
        }
        switch (this) {
            case FLOAT -> ((FloatBuffer) source).get((float[]) array);
            case DOUBLE -> ((DoubleBuffer) source).get((double[]) array);
            case INT -> ((IntBuffer) source).get((int[]) array);
            case LONG -> ((LongBuffer) source).get((long[]) array);
            case SHORT -> ((ShortBuffer) source).get((short[]) array);
            case BYTE -> ((ByteBuffer) source).get((byte[]) array);
        }
    }

    @Override
    public String toString() {
        return type.getName();
    }
}
