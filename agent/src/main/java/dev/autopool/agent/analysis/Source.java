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

    static Source borrow(int insnIndex, int dims) {
        return new Source(Kind.BORROW, insnIndex, dims);
    }

    static Source parameter(int parameter, int dims) {
        return new Source(Kind.PARAMETER, parameter, dims);
    }
}
