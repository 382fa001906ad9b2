package dev.autopool.runtime.track;

import dev.autopool.runtime.report.ReportLog;

/**
 * The {@code autopool STALE-RELEASE} line: a release named one loan of a buffer, but the buffer had been
 * returned and lent to another borrower since; the release was refused.
 */
final class StaleReleaseReport {
    private StaleReleaseReport() {}

    static String line(String array, long bytes, String releaseSite, String currentBorrowSite, long count) {
        return "autopool STALE-RELEASE " + array + " (" + bytes + " bytes) released at " + releaseSite
                + " after it had already been returned and lent again (now borrowed at " + currentBorrowSite
                + "); the release was refused and the current borrower keeps the buffer; " + ReportLog.times(count)
                + " at this site since start. The code at the release site releases a buffer twice: keep one"
                + " release per borrow.";
    }
}
