package dev.autopool.runtime.track;

import dev.autopool.runtime.report.ReportLog;

/**
 * The {@code autopool ROWS-CHANGED} line: a released matrix came back with rows that are not the ones the pool
 * gave it (replaced, nulled, or shared with another array), so it was not lent again.
 */
final class RowsChangedReport {
    private RowsChangedReport() {}

    static String line(String array, long bytes, String releaseSite, String borrowSite, long count) {
        return "autopool ROWS-CHANGED " + array + " (" + bytes + " bytes) released at " + releaseSite
                + " (borrowed at " + borrowSite + ") came back with rows that are not the ones the pool gave it"
                + " (a row replaced, nulled or shared with another array); it was left to the GC instead of being"
                + " lent again, so no later borrower writes into a row someone else may still use; "
                + ReportLog.times(count) + " since start (this line is logged once per release site). A release"
                + " hands back the whole matrix, rows included: copy rows with System.arraycopy instead of"
                + " swapping or sharing them, or keep this matrix out of the pool (no release for it).";
    }
}
