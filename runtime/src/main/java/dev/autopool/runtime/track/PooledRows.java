package dev.autopool.runtime.track;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Every row of every matrix the pool records, while {@code foreign=adopt} may need them: an array the app hands
 * back that is a row of a pooled matrix (lent or idle), or a matrix built from such rows or from arrays the pool
 * lends on their own, must never be adopted, or one buffer would be lent to two borrowers (the row on its own,
 * and again inside its matrix). Kept only while adoption is on (a weak identity set: arrays compare by identity,
 * and a collected matrix's rows drop out); a matrix recorded while it was off makes the set incomplete, and from
 * then on nothing is adopted.
 */
final class PooledRows {
    private static final Map<Object, Boolean> ROWS = Collections.synchronizedMap(new WeakHashMap<>());
    /** False once a matrix's rows were recorded without being kept here. */
    private static volatile boolean complete = true;

    private PooledRows() {}

    /** The pool records a matrix with these rows (every level, see {@link RowRecord#of}). */
    static void recorded(Object[] rows) {
        if (rows == null || rows.length == 0) {
            return;
        }
        if (!TrackingSettings.current().adoptForeign()) {
            complete = false;
            return;
        }
        for (Object row : rows) {
            ROWS.put(row, Boolean.TRUE);
        }
    }

    /** Forgets every row and starts complete again: for a test that starts a run of its own. */
    static void restart() {
        ROWS.clear();
        complete = true;
    }

    /**
     * Why {@code array}, a foreign return, may not be adopted, or null: it is a row of a pooled matrix, or one of
     * its rows is, or is an array the pool tracks on its own.
     */
    static String whyNotAdopted(Object array) {
        if (!complete) {
            return "matrices were pooled before foreign=adopt was set, so their rows are not known";
        }
        if (ROWS.containsKey(array)) {
            return "it is a row of a pooled matrix";
        }
        Object[] rows = RowRecord.of(array);
        if (rows != null) {
            for (Object row : rows) {
                if (ROWS.containsKey(row) || Tracker.LEDGER.find(row) != null) {
                    return "one of its rows belongs to the pool";
                }
            }
        }
        return null;
    }
}
