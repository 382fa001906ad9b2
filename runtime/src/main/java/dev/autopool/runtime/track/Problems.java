package dev.autopool.runtime.track;

import dev.autopool.runtime.internal.SiteRegistry;
import dev.autopool.runtime.report.JfrReports;
import dev.autopool.runtime.report.ReportLog;

/**
 * The slow path of tracking: each problem is counted at its site, logged (de-duplicated and rate-limited by
 * {@link ReportGate}), recorded as a JFR event and remembered for {@link Tracking.Checkpoint test checks}.
 */
final class Problems {
    static final ReportGate GATE = new ReportGate();
    static final ProblemLog LOG = new ProblemLog();
    private static final java.util.concurrent.atomic.AtomicLong ROWS_CHANGED = new java.util.concurrent.atomic.AtomicLong();

    private Problems() {}

    /**
     * Leaks are found by the watcher thread and by {@link Tracking#drainLeaks()} callers at once; one at a time,
     * and counted only after the line and the event are out, so whoever sees the count sees the report.
     */
    static synchronized void leak(ArrayEntry entry) {
        int site = entry.borrowSite;
        SiteCounters counters = Tracker.SITES.of(site);
        long count = counters.leaks.get() + 1;
        String where = SiteRegistry.get(site).toString();
        String array = entry.description.toString();
        Throwable stack = entry.borrowStack;
        TrackingSettings settings = TrackingSettings.current();
        int sampled = settings.leak() == LeakLevel.SAMPLED ? settings.leakRate() : 0;
        String line = LeakReport.line(array, entry.bytes, where, count, sampled, stack != null);
        report(ProblemKind.LEAK, site, line, entry.loanEpoch, stack);
        JfrReports.leak(array, entry.bytes, where);
        counters.leakedBytes.addAndGet(entry.bytes);
        counters.leaks.incrementAndGet();
    }

    /**
     * A leak found outside the ledger: an ONNX tensor over a pooled buffer collected without {@code close()}.
     * Counted, gated and recorded at its creation site like a borrowed array's leak, and remembered for the
     * test checkpoints taken at or before {@code loanEpoch} (at {@code leak=off} for them only, as an unwatched
     * array leak is).
     */
    static synchronized void tensorLeak(int site, String tensor, long bytes, Throwable creationStack,
                                        long loanEpoch) {
        String where = SiteRegistry.get(site).toString();
        if (TrackingSettings.current().leak() == LeakLevel.OFF) {
            LOG.add(ProblemKind.LEAK, LeakReport.tensorLine(tensor, bytes, where, 1, false), loanEpoch);
            return;
        }
        SiteCounters counters = Tracker.SITES.of(site);
        long count = counters.leaks.get() + 1;
        String line = LeakReport.tensorLine(tensor, bytes, where, count, creationStack != null);
        LOG.add(ProblemKind.LEAK, line, loanEpoch);
        if (GATE.admits(ProblemKind.LEAK, site, TrackingSettings.current().reportIntervalMillis())) {
            ReportLog.warn(line, creationStack);
        }
        JfrReports.tensorLeak(where, tensor, bytes);
        counters.leakedBytes.addAndGet(bytes);
        counters.leaks.incrementAndGet();
    }

    static void doubleReturn(ArrayEntry entry, int firstReleaseSite, int secondReleaseSite) {
        long count = Tracker.SITES.of(secondReleaseSite).doubleReturns.incrementAndGet();
        String first = SiteRegistry.get(firstReleaseSite).toString();
        String second = SiteRegistry.get(secondReleaseSite).toString();
        String array = entry.description.toString();
        String line = DoubleReturnReport.line(array, entry.bytes, first, second, count);
        report(ProblemKind.DOUBLE_RETURN, secondReleaseSite, line, ProblemLog.NO_LOAN, null);
        JfrReports.doubleReturn(array, entry.bytes, first, second);
    }

    /**
     * A matrix came back with rows the pool did not give it and is left to the GC (see {@link RowRecord}).
     * Logged once per release site; remembered for test checkpoints every time.
     */
    static void rowsChanged(ArrayEntry entry) {
        int releaseSite = entry.site();
        long count = ROWS_CHANGED.incrementAndGet();
        String line = RowsChangedReport.line(entry.description.toString(), entry.bytes,
                SiteRegistry.get(releaseSite).toString(), SiteRegistry.get(entry.borrowSite).toString(), count);
        once(ProblemKind.ROWS_CHANGED, releaseSite, line);
    }

    /** A release naming a loan that had ended: the buffer is lent to someone else now and stays with them. */
    static void staleRelease(ArrayEntry entry, int site) {
        long count = Tracker.SITES.of(site).doubleReturns.incrementAndGet();
        String line = StaleReleaseReport.line(entry.description.toString(), entry.bytes,
                SiteRegistry.get(site).toString(), SiteRegistry.get(entry.borrowSite).toString(), count);
        report(ProblemKind.STALE_RELEASE, site, line, ProblemLog.NO_LOAN, null);
    }

    /** A lifecycle release of a loan the object does not own (any more); nothing was released. */
    static void repeatedClose(ArrayEntry entry, int site) {
        long count = Tracker.SITES.of(site).doubleReturns.incrementAndGet();
        String line = RepeatedCloseReport.line(entry.description.toString(), entry.bytes,
                SiteRegistry.get(site).toString(), count);
        once(ProblemKind.REPEATED_CLOSE, site, line);
    }

    private static void once(ProblemKind kind, int site, String line) {
        LOG.add(kind, line, ProblemLog.NO_LOAN);
        if (GATE.first(kind, site)) {
            ReportLog.warn(line, null);
        }
    }

    static void writeAfterReturn(ArrayEntry entry) {
        int releaseSite = entry.site();
        long count = Tracker.SITES.of(releaseSite).writesAfterReturn.incrementAndGet();
        String released = SiteRegistry.get(releaseSite).toString();
        String borrowed = SiteRegistry.get(entry.borrowSite).toString();
        String array = entry.description.toString();
        String line = WriteAfterReturnReport.line(array, entry.bytes, released, borrowed, count);
        report(ProblemKind.WRITE_AFTER_RETURN, releaseSite, line, ProblemLog.NO_LOAN, null);
        JfrReports.writeAfterReturn(array, entry.bytes, released, borrowed);
    }

    /** Counts and reports a release of an array the pools never lent; returns whether the pool may adopt it. */
    static boolean foreignReturn(Object array, int site) {
        boolean adopt = TrackingSettings.current().adoptForeign();
        if (PendingFactoryArrays.contains(array)) {
            // a factory call's plain result from before its body was checked: the app's release is right
            if (adopt && PooledRows.whyNotAdopted(array) == null && RowRecord.regular(array)) {
                Tracker.LEDGER.add(array, ArrayDescription.of(array).bytes()).adopt(site);
                return true;
            }
            return false;
        }
        Tracker.SITES.of(site).foreignReturns.incrementAndGet();
        // Nothing the pool already holds in another form: a row of a pooled matrix would be lent twice.
        String refusal = adopt ? PooledRows.whyNotAdopted(array) : null;
        ArrayDescription description = ArrayDescription.of(array);
        String where = SiteRegistry.get(site).toString();
        String line = ForeignReturnReport.line(description.toString(), description.bytes(), where, adopt, refusal);
        LOG.add(ProblemKind.FOREIGN_RETURN, line, ProblemLog.NO_LOAN);
        if (GATE.first(ProblemKind.FOREIGN_RETURN, site)) {
            ReportLog.warn(line, null);
            JfrReports.foreignReturn(description.toString(), description.bytes(), where);
        }
        // Only a matrix shaped as new would make it can be kept: the pool records its rows as the ones it gave.
        if (adopt && refusal == null && RowRecord.regular(array)) {
            Tracker.LEDGER.add(array, description.bytes()).adopt(site);
            return true;
        }
        return false;
    }

    /** Remembers the problem for checkpoints and logs it unless its site's report interval holds it back. */
    private static void report(ProblemKind kind, int site, String line, long loanEpoch, Throwable stack) {
        LOG.add(kind, line, loanEpoch);
        if (GATE.admits(kind, site, TrackingSettings.current().reportIntervalMillis())) {
            ReportLog.warn(line, stack);
        }
    }

    /** Remembers a leak the level did not watch, for test checkpoints only: no count, no line, no event. */
    static void unwatchedLeak(ArrayEntry entry) {
        String where = SiteRegistry.get(entry.borrowSite).toString();
        LOG.add(ProblemKind.LEAK, LeakReport.line(entry.description.toString(), entry.bytes, where, 1, 0, false),
                entry.loanEpoch);
    }

    static void borrowEvent(ArrayEntry entry, int site, boolean hit) {
        JfrReports.borrow(entry.description, entry.bytes, SiteRegistry.get(site).toString(), hit);
    }
}
