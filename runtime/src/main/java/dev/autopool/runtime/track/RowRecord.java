package dev.autopool.runtime.track;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The rows the pool gave a matrix when it was made, every level, in pre-order ({@code m[0], m[0][0], m[0][1],
 * ..., m[1], ...} for rank 3; leaves included, since a leaf row is what a later borrower writes into). Kept in
 * the matrix's ledger entry, softly (see {@code ArrayEntry.rows}), so it lives at most as long as the matrix's
 * record: nothing here outlives the matrix by more than the leak watcher's next drain, and nothing here keeps an
 * idle matrix's rows from the GC under memory pressure.
 *
 * <p>Before a recycled matrix is zeroed and lent again, its rows are compared with the record by reference. A
 * row that is not the one recorded (replaced, nulled, or shared with another matrix) means zeroing or lending
 * the matrix could write into memory someone else still reads, so the matrix is not lent again. The comparison
 * only follows recorded rows (equal by reference to the matrix's) to reach lower levels; it never reads a row
 * the app put there.
 */
final class RowRecord {
    private RowRecord() {}

    /**
     * Stands for a record taken away while an {@code owned} field binds the matrix ({@link Tracker#detachRows}):
     * no matrix is {@link #intact} against it (its one element is no row of any matrix), so such a matrix is
     * never lent again unchecked.
     */
    static final Object[] DETACHED = {new Object()};

    /** {@link #DETACHED} as a ledger record holds it; never cleared (its referent is reachable from here). */
    static final java.lang.ref.SoftReference<Object[]> DETACHED_RECORD = new java.lang.ref.SoftReference<>(DETACHED);

    /** The row references of {@code array} in pre-order, or null for a rank-1 array (it has no rows). */
    static Object[] of(Object array) {
        if (!(array instanceof Object[] outer)) {
            return null;
        }
        int n = count(outer);
        Object[] rows = new Object[n];
        int filled = fill(outer, rows, 0);
        return filled == n ? rows : null;
    }

    /** Whether every row of {@code matrix}, at every level, is still the recorded one. */
    static boolean intact(Object[] matrix, Object[] recorded) {
        // The depth comes from the recorded rows (the pool's own), never from a row the app may have put there.
        int levels = 1;
        for (Object r = recorded.length > 0 ? recorded[0] : null; r instanceof Object[] inner; ) {
            levels++;
            r = inner.length > 0 ? inner[0] : null;
        }
        if (levels == 1) {
            // rank 2, the common case: one pass over two reference arrays, no row read
            if (matrix.length != recorded.length) {
                return false;
            }
            for (int i = 0; i < matrix.length; i++) {
                if (matrix[i] != recorded[i]) {
                    return false;
                }
            }
            return true;
        }
        return walk(matrix, recorded, 0, levels) == recorded.length;
    }

    /**
     * Whether {@code array} is a matrix the pool could have made: every row present, of one length per level,
     * and no row twice anywhere in it. Fresh {@code new} arrays are by construction; an array the app built
     * itself (an adopted foreign return) must be checked before the pool records it.
     */
    static boolean regular(Object array) {
        if (!(array instanceof Object[] outer)) {
            return true;
        }
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        return regular(outer, seen);
    }

    private static boolean regular(Object[] rows, Set<Object> seen) {
        int length = -1;
        for (Object row : rows) {
            if (row == null || !seen.add(row)) {
                return false;
            }
            int n = java.lang.reflect.Array.getLength(row);
            if (length >= 0 && n != length) {
                return false;
            }
            length = n;
            if (row instanceof Object[] inner && !regular(inner, seen)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compares {@code rows} (with {@code levels} levels of rows below it, the last one leaves) from {@code k};
     * returns the next index, or -1 at the first difference. Leaf rows are compared, never read.
     */
    private static int walk(Object[] rows, Object[] recorded, int k, int levels) {
        if (k < 0 || k + rows.length > recorded.length) {
            return -1;
        }
        for (Object row : rows) {
            if (row != recorded[k++]) {
                return -1;
            }
            if (levels > 1 && (k = walk((Object[]) row, recorded, k, levels - 1)) < 0) {
                return -1;
            }
        }
        return k;
    }

    private static int count(Object[] rows) {
        int n = rows.length;
        for (Object row : rows) {
            if (row instanceof Object[] inner) {
                n += count(inner);
            }
        }
        return n;
    }

    private static int fill(Object[] rows, Object[] into, int k) {
        for (Object row : rows) {
            into[k++] = row;
            if (row instanceof Object[] inner) {
                k = fill(inner, into, k);
            }
        }
        return k;
    }
}
