package dev.autopool.runtime.track;

import dev.autopool.runtime.report.ReportLog;

/**
 * The {@code autopool REPEATED-CLOSE} line: a {@code lifecycle} method started on an object whose field holds a
 * buffer another object owns (the one it was copied or cloned from, or moved from). Nothing was released. A
 * second close of the same object is no problem ({@code Closeable} allows it) and is not reported.
 */
final class RepeatedCloseReport {
    private RepeatedCloseReport() {}

    static String line(String array, long bytes, String closeSite, long count) {
        String why = "the buffer's current loan belongs to another object (this object's earlier close released it"
                + " and it was lent again, this object is a copy or clone sharing the field's value, or the buffer"
                + " was moved or swapped here from the field of the object it was first stored into, which alone can"
                + " release it)";
        return "autopool REPEATED-CLOSE " + array + " (" + bytes + " bytes) offered back at " + closeSite + ": "
                + why + "; nothing was released, so no other borrower's buffer is touched; "
                + ReportLog.times(count) + " since start (this line is logged once per site). Do not share"
                + " pooled fields between objects, or that field's buffer is only released by the first owner.";
    }
}
