package dev.autopool.runtime.track;

import dev.autopool.runtime.Sites;
import dev.autopool.runtime.report.DoubleReturnReport;
import dev.autopool.runtime.report.ForeignReturnReport;
import dev.autopool.runtime.report.JfrReports;
import dev.autopool.runtime.report.LeakReport;
import dev.autopool.runtime.report.ReportLog;
import dev.autopool.runtime.report.WriteAfterReturnReport;

/**
 * The slow path of tracking: each problem is counted at its site, logged (de-duplicated and rate-limited by
 * {@link ReportGate}), recorded as a JFR event and remembered for {@link Tracking.Checkpoint test checks}.
 */
final class Problems {
    static final ReportGate GATE = new ReportGate();
    static final ProblemLog LOG = new ProblemLog();

    private Problems() {}

    /**
     * Leaks are found by the watcher thread and by {@link Tracking#drainLeaks()} callers at once; one at a time,
     * and counted only after the line and the event are out, so whoever sees the count sees the report.
     */
    static synchronized void leak(ArrayEntry entry) {
        int site = entry.borrowSite;
        SiteCounters counters = Tracker.SITES.of(site);
        long count = counters.leaks.get() + 1;
        String where = Sites.get(site).toString();
        String array = entry.description.toString();
        Throwable stack = entry.borrowStack;
        TrackingSettings settings = TrackingSettings.current();
        int sampled = settings.leak() == LeakLevel.SAMPLED ? settings.leakRate() : 0;
        String line = LeakReport.line(array, entry.bytes, where, count, sampled, stack != null);
        LOG.add(ProblemKind.LEAK, line, entry.loanEpoch);
        if (GATE.admits(ProblemKind.LEAK, site, settings.reportIntervalMillis())) {
            ReportLog.warn(line, stack);
        }
        JfrReports.leak(array, entry.bytes, where, site);
        counters.leakedBytes.addAndGet(entry.bytes);
        counters.leaks.incrementAndGet();
    }

    static void doubleReturn(ArrayEntry entry, int firstReleaseSite, int secondReleaseSite) {
        long count = Tracker.SITES.of(secondReleaseSite).doubleReturns.incrementAndGet();
        String first = Sites.get(firstReleaseSite).toString();
        String second = Sites.get(secondReleaseSite).toString();
        String array = entry.description.toString();
        String line = DoubleReturnReport.line(array, entry.bytes, first, second, count);
        LOG.add(ProblemKind.DOUBLE_RETURN, line, ProblemLog.NO_LOAN);
        if (GATE.admits(ProblemKind.DOUBLE_RETURN, secondReleaseSite,
                TrackingSettings.current().reportIntervalMillis())) {
            ReportLog.warn(line, null);
        }
        JfrReports.doubleReturn(array, entry.bytes, first, second);
    }

    static void writeAfterReturn(ArrayEntry entry) {
        int releaseSite = entry.site();
        long count = Tracker.SITES.of(releaseSite).writesAfterReturn.incrementAndGet();
        String released = Sites.get(releaseSite).toString();
        String borrowed = Sites.get(entry.borrowSite).toString();
        String array = entry.description.toString();
        String line = WriteAfterReturnReport.line(array, entry.bytes, released, borrowed, count);
        LOG.add(ProblemKind.WRITE_AFTER_RETURN, line, ProblemLog.NO_LOAN);
        if (GATE.admits(ProblemKind.WRITE_AFTER_RETURN, releaseSite,
                TrackingSettings.current().reportIntervalMillis())) {
            ReportLog.warn(line, null);
        }
        JfrReports.writeAfterReturn(array, entry.bytes, released, borrowed);
    }

    /** Counts and reports a release of an array the pools never lent; returns whether the pool may adopt it. */
    static boolean foreignReturn(Object array, int site) {
        Tracker.SITES.of(site).foreignReturns.incrementAndGet();
        boolean adopt = TrackingSettings.current().adoptForeign();
        ArrayDescription description = ArrayDescription.of(array);
        String where = Sites.get(site).toString();
        String line = ForeignReturnReport.line(description.toString(), description.bytes(), where, adopt);
        LOG.add(ProblemKind.FOREIGN_RETURN, line, ProblemLog.NO_LOAN);
        if (GATE.first(ProblemKind.FOREIGN_RETURN, site)) {
            ReportLog.warn(line, null);
            JfrReports.foreignReturn(description.toString(), description.bytes(), where);
        }
        if (adopt) {
            Tracker.LEDGER.add(array, description.bytes()).adopt(site);
        }
        return adopt;
    }

    /** Remembers a leak the level did not watch, for test checkpoints only: no count, no line, no event. */
    static void unwatchedLeak(ArrayEntry entry) {
        String where = Sites.get(entry.borrowSite).toString();
        LOG.add(ProblemKind.LEAK, LeakReport.line(entry.description.toString(), entry.bytes, where, 1, 0, false),
                entry.loanEpoch);
    }

    static void borrowEvent(ArrayEntry entry, int site, boolean hit) {
        JfrReports.borrow(entry.description, entry.bytes, site, hit);
    }
}
