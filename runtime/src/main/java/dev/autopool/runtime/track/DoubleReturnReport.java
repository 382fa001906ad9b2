package dev.autopool.runtime.track;

import dev.autopool.runtime.report.ReportLog;

/** The {@code autopool DOUBLE-RETURN} line: a buffer released again while it was already back in the pool. */
final class DoubleReturnReport {
    private DoubleReturnReport() {}

    static String line(String array, long bytes, String firstRelease, String secondRelease, long count) {
        return "autopool DOUBLE-RETURN " + array + " (" + bytes + " bytes) released twice: first at " + firstRelease
                + ", again at " + secondRelease + "; " + ReportLog.times(count) + " at this site since start."
                + " The second release was refused: the buffer had not been lent again since the first, so it"
                + " ended no other borrower's loan. Keep one release per borrow, and check nothing uses the buffer"
                + " after the first (leak=paranoid catches writes after a release).";
    }
}
