package dev.autopool.runtime.track;

import dev.autopool.runtime.report.ReportLog;

/** The {@code autopool WRITE-AFTER-RETURN} line: a poisoned, released buffer was changed before its reuse. */
final class WriteAfterReturnReport {
    private WriteAfterReturnReport() {}

    static String line(String array, long bytes, String releaseSite, String borrowSite, long count) {
        return "autopool WRITE-AFTER-RETURN " + array + " (" + bytes + " bytes) was written after its release at "
                + releaseSite + " (borrowed at " + borrowSite + "); " + ReportLog.times(count)
                + " at this site since start. Something still uses the buffer after that release: move the release"
                + " after the buffer's last use.";
    }
}
