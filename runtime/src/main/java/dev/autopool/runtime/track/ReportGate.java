package dev.autopool.runtime.track;

import java.util.HashMap;
import java.util.Map;

/**
 * Decides which problems get a log line: per kind and site, the first always, then at most one per report
 * interval (the counters and the next line carry the count since start). Only problems pass here, never a
 * healthy borrow, so one lock is enough.
 */
final class ReportGate {
    private final Map<Long, Long> lastLogged = new HashMap<>();

    synchronized boolean admits(ProblemKind kind, int site, long intervalMillis) {
        long now = System.nanoTime();
        Long last = lastLogged.get(key(kind, site));
        if (last != null && now - last < intervalMillis * 1_000_000L) {
            return false;
        }
        lastLogged.put(key(kind, site), now);
        return true;
    }

    /** True only the first time this kind of problem happens at this site. */
    synchronized boolean first(ProblemKind kind, int site) {
        return lastLogged.putIfAbsent(key(kind, site), System.nanoTime()) == null;
    }

    /** Forgets what was logged, so the next problem of every kind and site is logged again (tests). */
    synchronized void reset() {
        lastLogged.clear();
    }

    private static long key(ProblemKind kind, int site) {
        return ((long) kind.ordinal() << 32) | (site & 0xffff_ffffL);
    }
}
