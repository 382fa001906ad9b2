package dev.autopool.runtime.pool;

/** Facts about the primitive element types the pools hold. */
final class ElementType {
    private ElementType() {}

    static int byteSize(Class<?> type) {
        if (type == float.class || type == int.class) return 4;
        if (type == double.class || type == long.class) return 8;
        if (type == short.class || type == char.class) return 2;
        if (type == byte.class || type == boolean.class) return 1;
        throw new IllegalArgumentException("not a primitive element type: " + type);
    }
}
