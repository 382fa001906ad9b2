package dev.autopool.agent.analysis;

import java.util.Arrays;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.Value;

/**
 * An abstract value of {@link FactoryBodyCheck}: which {@code int} parameter an int is, a constant, an int read
 * from another local (a loop index), or an array the method allocated (with the parameter each allocated
 * dimension came from); anything else is {@link Kind#OTHER}.
 */
final class FactoryValue implements Value {
    enum Kind { OTHER, PARAMETER, CONSTANT, LOCAL, FRESH }

    static final FactoryValue ONE = new FactoryValue(Kind.OTHER, 1, -1, null, null, 0);
    static final FactoryValue TWO = new FactoryValue(Kind.OTHER, 2, -1, null, null, 0);

    final Kind kind;
    private final int size;
    /** PARAMETER: the parameter's position; CONSTANT: the value; LOCAL: the slot; FRESH: the allocation's index. */
    final int number;
    /** FRESH: the array type allocated. */
    final Type type;
    /** FRESH: per allocated dimension, outermost first, the parameter it came from, or -1. */
    final int[] dims;
    /** FRESH: the source line of the allocation. */
    final int line;

    private FactoryValue(Kind kind, int size, int number, Type type, int[] dims, int line) {
        this.kind = kind;
        this.size = size;
        this.number = number;
        this.type = type;
        this.dims = dims;
        this.line = line;
    }

    static FactoryValue other(int size) {
        return size == 2 ? TWO : ONE;
    }

    static FactoryValue parameter(int position) {
        return new FactoryValue(Kind.PARAMETER, 1, position, null, null, 0);
    }

    static FactoryValue constant(int value) {
        return new FactoryValue(Kind.CONSTANT, 1, value, null, null, 0);
    }

    static FactoryValue local(int slot) {
        return new FactoryValue(Kind.LOCAL, 1, slot, null, null, 0);
    }

    static FactoryValue fresh(int allocation, Type type, int[] dims, int line) {
        return new FactoryValue(Kind.FRESH, 1, allocation, type, dims, line);
    }

    /** The parameter this int is, or -1. */
    int parameter() {
        return kind == Kind.PARAMETER ? number : -1;
    }

    /** Whether a FRESH array has every dimension of its type allocated (no null rows). */
    boolean complete() {
        return kind == Kind.FRESH && dims.length == type.getDimensions();
    }

    @Override
    public int getSize() {
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FactoryValue v && v.kind == kind && v.size == size && v.number == number
                && java.util.Objects.equals(v.type, type) && Arrays.equals(v.dims, dims);
    }

    @Override
    public int hashCode() {
        return (kind.ordinal() * 31 + number) * 2 + size;
    }

    @Override
    public String toString() {
        return kind + "(" + number + (dims == null ? "" : " " + Arrays.toString(dims)) + ")";
    }
}
