package dev.autopool.agent.analysis;

/**
 * A tracked value: the array a {@link Source} produced ({@code depth} 0), or one of its sub-arrays reached by
 * {@code depth} {@code AALOAD}s (a row of a pooled matrix belongs to the matrix).
 */
record Origin(Source source, int depth) {
    /** Deeper sub-arrays are folded into this depth, so that loops like {@code a = a[0]} terminate. */
    static final int MAX_ROW_DEPTH = 4;

    // Written out for the reason given in Source.
    @Override
    public boolean equals(Object o) {
        return o instanceof Origin other && other.depth == depth && other.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode() * 8 + depth;
    }

    Origin row() {
        return depth >= MAX_ROW_DEPTH ? this : new Origin(source, depth + 1);
    }

    /** Whether this is an array of primitives, whose elements can hold no reference to anything. */
    boolean isLeaf() {
        return source.dims() != Source.UNKNOWN_DIMS && source.dims() - depth == 1;
    }
}
