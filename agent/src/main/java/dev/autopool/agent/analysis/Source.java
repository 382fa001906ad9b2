package dev.autopool.agent.analysis;

/**
 * Where a tracked value comes from: a borrow instruction of the analysed method (identified by its index in the
 * instruction list), or, while a callee is summarised, one of its parameters.
 *
 * @param dims the number of array dimensions above primitive elements, or {@link #UNKNOWN_DIMS} when the
 *             elements are references (then no sub-array is known to be a primitive leaf)
 */
record Source(Kind kind, int index, int dims) {
    static final int UNKNOWN_DIMS = -1;

    enum Kind { BORROW, PARAMETER }

    // Written out: a record's generated equals/hashCode bootstrap method handles (tens of ms) while the app
    // starts, and sources are hash keys on every analysed method.
    @Override
    public boolean equals(Object o) {
        return o instanceof Source s && s.kind == kind && s.index == index && s.dims == dims;
    }

    @Override
    public int hashCode() {
        return (index * 31 + dims) * 2 + kind.ordinal();
    }

    static Source borrow(int insnIndex, int dims) {
        return new Source(Kind.BORROW, insnIndex, dims);
    }

    static Source parameter(int parameter, int dims) {
        return new Source(Kind.PARAMETER, parameter, dims);
    }
}
