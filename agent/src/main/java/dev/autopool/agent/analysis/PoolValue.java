package dev.autopool.agent.analysis;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.tree.analysis.Value;

/**
 * An abstract value of the escape analysis: the set of tracked origins it may be, and whether it may also be
 * something untracked (null, a fresh {@code new}, a field's value...).
 */
final class PoolValue implements Value {
    static final PoolValue ONE = new PoolValue(1, Set.of(), true, false);
    static final PoolValue TWO = new PoolValue(2, Set.of(), true, false);
    /**
     * A slot that held values of different sizes on the paths that meet here: verified code cannot read it, and
     * every later merge keeps it so, whatever order the paths are merged in (the top of the lattice).
     */
    static final PoolValue CONFLICT = new PoolValue(1, Set.of(), true, true);

    private final int size;
    private final Set<Origin> origins;
    private final boolean untracked;
    private final boolean conflict;

    private PoolValue(int size, Set<Origin> origins, boolean untracked, boolean conflict) {
        this.size = size;
        this.origins = origins;
        this.untracked = untracked;
        this.conflict = conflict;
    }

    private PoolValue(int size, Set<Origin> origins, boolean untracked) {
        this(size, origins, untracked, false);
    }

    static PoolValue untracked(int size) {
        return size == 2 ? TWO : ONE;
    }

    static PoolValue of(Origin origin) {
        return new PoolValue(1, Set.of(origin), false);
    }

    static PoolValue of(Set<Origin> origins, boolean untracked) {
        return origins.isEmpty() ? ONE : new PoolValue(1, Set.copyOf(origins), untracked);
    }

    @Override
    public int getSize() {
        return size;
    }

    Set<Origin> origins() {
        return origins;
    }

    boolean isTracked() {
        return !origins.isEmpty();
    }

    boolean mayBeUntracked() {
        return untracked;
    }

    /** The sub-arrays of this value: each origin one level deeper. */
    PoolValue rows() {
        if (origins.isEmpty()) {
            return ONE;
        }
        Set<Origin> rows = new HashSet<>();
        origins.forEach(o -> rows.add(o.row()));
        return new PoolValue(1, Set.copyOf(rows), untracked);
    }

    PoolValue merge(PoolValue other) {
        if (equals(other)) {
            return this;
        }
        if (conflict || other.conflict || size != other.size) {
            return CONFLICT; // a slot holding different kinds of values cannot be used by verified code
        }
        if (origins.containsAll(other.origins) && (untracked || !other.untracked)) {
            return this;
        }
        Set<Origin> union = new HashSet<>(origins);
        union.addAll(other.origins);
        return new PoolValue(size, Set.copyOf(union), untracked || other.untracked);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoolValue v && v.size == size && v.untracked == untracked && v.conflict == conflict
                && v.origins.equals(origins);
    }

    @Override
    public int hashCode() {
        return origins.hashCode() * 31 + size * 4 + (untracked ? 1 : 0) + (conflict ? 2 : 0);
    }

    @Override
    public String toString() {
        return conflict ? "#" : origins.isEmpty() ? "." : origins + (untracked ? "?" : "");
    }
}
