package dev.autopool.runtime.pool;

import dev.autopool.runtime.internal.SiteRegistry;
import dev.autopool.runtime.report.ReportLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-site bookkeeping of {@code new} sites whose sizes are known only at run time ({@code Pools.*AtLeast}). Such a
 * site whose sizes rarely repeat turns every borrow into a miss plus a new pool shape; once it has made
 * {@value #TRIAL} borrows with a hit rate under one half it reverts to plain {@code new} for good, says so once
 * in the log and again in the exit summary. Sites are dense ints from 0, so the table is an array grown on demand.
 */
public final class SizedSites {
    public static final int TRIAL = 1000;

    /** One site's counters; {@code plain} is read on every allocation at the site. */
    private static final class Site {
        final LongAdder borrows = new LongAdder();
        final LongAdder hits = new LongAdder();
        volatile boolean plain;
    }

    private static volatile Site[] sites = new Site[64];

    private SizedSites() {}

    /** Whether the site has reverted to plain {@code new}. */
    public static boolean plain(int site) {
        Site[] table = sites;
        Site s = site >= 0 && site < table.length ? table[site] : null;
        return s != null && s.plain;
    }

    public static void hit(int site) {
        Site s = site(site);
        s.borrows.increment();
        s.hits.increment();
    }

    /** A miss: where the site's trial ends, it may revert. */
    public static void miss(int site) {
        Site s = site(site);
        s.borrows.increment();
        long borrows = s.borrows.sum();
        if (!s.plain && borrows >= TRIAL && s.hits.sum() * 2 < borrows) {
            s.plain = true;
            ReportLog.warn(line(site, s), null); // never System.getLogger: that would start the app's logging
        }
    }

    /** One {@code autopool SIZED-PLAIN} line per site that reverted, for the exit summary. */
    public static List<String> summaryLines() {
        List<String> lines = new ArrayList<>();
        Site[] table = sites;
        for (int i = 0; i < table.length; i++) {
            if (table[i] != null && table[i].plain) lines.add(line(i, table[i]));
        }
        return lines;
    }

    private static String line(int site, Site s) {
        long borrows = s.borrows.sum();
        long hits = s.hits.sum();
        return "autopool SIZED-PLAIN " + SiteRegistry.get(site) + " borrows=" + borrows + " hits=" + hits
                + " hitRate=" + String.format(java.util.Locale.ROOT, "%.2f", (double) hits / Math.max(1, borrows))
                + ": its run-time sizes rarely repeat, so it allocates with plain new from now on";
    }

    private static Site site(int id) {
        Site[] table = sites;
        if (id < table.length && table[id] != null) return table[id];
        return grow(id);
    }

    private static synchronized Site grow(int id) {
        Site[] table = sites;
        if (id >= table.length) {
            table = java.util.Arrays.copyOf(table, Math.max(id + 1, table.length * 2));
        }
        if (table[id] == null) {
            table[id] = new Site();
        }
        sites = table;
        return table[id];
    }
}
