package dev.autopool.runtime.pool;

import dev.autopool.runtime.internal.ElementType;
import java.lang.reflect.Array;

/**
 * One of the 24 pooled array types: an element {@link ElementType} and a rank from 1 to 4 ({@code float[][][]} is
 * FLOAT rank 3). Everything the pools do to an array that depends on its type goes through here, so the rest of
 * the pool is written once for all of them.
 */
public final class Family {
    static final int MAX_RANK = 4;
    private static final Family[] ALL = new Family[ElementType.values().length * MAX_RANK];

    static {
        for (ElementType k : ElementType.values()) {
            for (int rank = 1; rank <= MAX_RANK; rank++) {
                int id = k.ordinal() * MAX_RANK + rank - 1;
                ALL[id] = new Family(id, k, rank);
            }
        }
    }

    private static final ClassValue<Family> BY_CLASS = new ClassValue<>() {
        @Override
        protected Family computeValue(Class<?> type) {
            int rank = 0;
            Class<?> c = type;
            while (c.isArray()) {
                rank++;
                c = c.getComponentType();
            }
            ElementType element = ElementType.of(c);
            return element == null || rank < 1 || rank > MAX_RANK ? null : of(element, rank);
        }
    };

    public static final Family FLOAT1 = of(ElementType.FLOAT, 1), FLOAT2 = of(ElementType.FLOAT, 2),
            FLOAT3 = of(ElementType.FLOAT, 3), FLOAT4 = of(ElementType.FLOAT, 4);
    public static final Family DOUBLE1 = of(ElementType.DOUBLE, 1), DOUBLE2 = of(ElementType.DOUBLE, 2),
            DOUBLE3 = of(ElementType.DOUBLE, 3), DOUBLE4 = of(ElementType.DOUBLE, 4);
    public static final Family INT1 = of(ElementType.INT, 1), INT2 = of(ElementType.INT, 2),
            INT3 = of(ElementType.INT, 3), INT4 = of(ElementType.INT, 4);
    public static final Family LONG1 = of(ElementType.LONG, 1), LONG2 = of(ElementType.LONG, 2),
            LONG3 = of(ElementType.LONG, 3), LONG4 = of(ElementType.LONG, 4);
    public static final Family SHORT1 = of(ElementType.SHORT, 1), SHORT2 = of(ElementType.SHORT, 2),
            SHORT3 = of(ElementType.SHORT, 3), SHORT4 = of(ElementType.SHORT, 4);
    public static final Family BYTE1 = of(ElementType.BYTE, 1), BYTE2 = of(ElementType.BYTE, 2),
            BYTE3 = of(ElementType.BYTE, 3), BYTE4 = of(ElementType.BYTE, 4);

    final int id;
    final ElementType element;
    final int rank;

    private Family(int id, ElementType element, int rank) {
        this.id = id;
        this.element = element;
        this.rank = rank;
    }

    static Family of(ElementType element, int rank) {
        return ALL[element.ordinal() * MAX_RANK + rank - 1];
    }

    /** The family of an array class such as {@code float[][][].class}, or null when the pools do not hold it. */
    public static Family of(Class<?> arrayType) {
        return BY_CLASS.get(arrayType);
    }

    public int rank() {
        return rank;
    }

    public Class<?> elementType() {
        return element.type;
    }

    /**
     * The length at {@code level} along the first elements ({@code a.length}, {@code a[0].length}, ...), or 0 when
     * the array has no such element: such an array can serve no borrower of its family.
     */
    int dim(Object array, int level) {
        Object a = array;
        for (int i = 0; i < level; i++) {
            Object[] outer = (Object[]) a;
            if (outer.length == 0 || (a = outer[0]) == null) {
                return 0;
            }
        }
        return Array.getLength(a);
    }

    /** A new array of this family, exactly as {@code new <elem>[d0]...[dRank-1]} would make it. */
    Object newArray(int[] dims) {
        return Array.newInstance(element.type, dims);
    }

    /**
     * Zeroes every element of a recycled array of this family. Its rows are the ones the pool gave it (the
     * tracker compared them with its record before), so every row is present, of the shape's length and in no
     * other array: no row needs checking or replacing here.
     */
    void zero(Object array) {
        if (rank == 1) {
            element.zero(array);
        } else {
            zeroRows((Object[]) array, rank - 1);
        }
    }

    private void zeroRows(Object[] rows, int levelsBelow) {
        if (levelsBelow == 1) {
            element.zeroLeaves(rows);
            return;
        }
        for (Object row : rows) {
            zeroRows((Object[]) row, levelsBelow - 1);
        }
    }

    @Override
    public String toString() {
        return element.type.getName() + "[]".repeat(rank);
    }
}
