package dev.autopool.runtime.track;

import dev.autopool.runtime.report.ReportLog;

/**
 * The {@code autopool REPEATED-CLOSE} line: a {@code lifecycle} method ended on an object whose field holds a
 * buffer that object does not own (any more): its own earlier close released it, or another object (the one
 * it was copied or cloned from) owns it. Nothing was released.
 */
final class RepeatedCloseReport {
    private RepeatedCloseReport() {}

    static String line(String array, long bytes, String closeSite, boolean otherOwner, long count) {
        String why = otherOwner
                ? "the buffer's current loan belongs to another object (this object's earlier close released it"
                        + " and it was lent again, this object is a copy or clone sharing the field's value, or the"
                        + " buffer was moved or swapped here from the field of the object it was first stored into,"
                        + " which alone can release it)"
                : "this object's earlier close already released it";
        return "autopool REPEATED-CLOSE " + array + " (" + bytes + " bytes) offered back at " + closeSite + ": "
                + why + "; nothing was released, so no other borrower's buffer is touched; "
                + ReportLog.times(count) + " since start (this line is logged once per site). Close each object"
                + " once, and do not share pooled fields between objects, or that field's buffer is only released"
                + " by the first owner.";
    }
}
