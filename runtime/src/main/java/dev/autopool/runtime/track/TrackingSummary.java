package dev.autopool.runtime.track;

import dev.autopool.runtime.report.ShutdownSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The tracker's part of the shutdown summary: totals as {@code key=value} words, and lines naming the top
 * sites by leaks and by borrowed bytes, each with its hit rate.
 */
public final class TrackingSummary {
    private TrackingSummary() {}

    /**
     * The tracker's part of the exit block: drains the leaks, its words, the top five sites by leaks, by refused
     * second releases and by bytes.
     */
    public static ShutdownSummary.Counters counters() {
        return new ShutdownSummary.Counters() {
            @Override
            public void drain() {
                drainLeaks();
            }

            @Override
            public String words() {
                return TrackingSummary.words();
            }

            @Override
            public List<String> lines() {
                return topSites(5);
            }
        };
    }

    /** e.g. {@code leak=sampled leaks=2 leakedBytes=96 doubleReturns=1 foreignReturns=0 writesAfterReturn=0 outstanding=3}. */
    public static String words() {
        SiteTotals all = Tracking.totals();
        return "leak=" + TrackingSettings.current().leak().settingValue()
                + " leaks=" + all.leaks()
                + " leakedBytes=" + all.leakedBytes()
                + " doubleReturns=" + all.doubleReturns()
                + " foreignReturns=" + all.foreignReturns()
                + " writesAfterReturn=" + all.writesAfterReturn()
                + " outstanding=" + Tracking.outstanding().size();
    }

    /**
     * Up to {@code limit} lines per ranking, e.g.
     * {@code autopool TOP-SITE by=leaks rank=1 leaks=2 leakedBytes=96 borrows=10 bytes=480 hitRate=0.80 site=Foo.bar(Foo.java:3)}.
     * Sites with no leaks are left out of the leak ranking, and sites with no refused second release out of the
     * {@code by=doubleReturns} one.
     */
    public static List<String> topSites(int limit) {
        List<SiteTotals> sites = Tracking.sites();
        List<String> lines = new ArrayList<>();
        rank(sites, "leaks", SiteTotals::leaks, limit, lines);
        // A refused second release counts at its release site, which borrows nothing: without this ranking the
        // summary's doubleReturns= would name no site at all.
        rank(sites, "doubleReturns", SiteTotals::doubleReturns, limit, lines);
        rank(sites, "bytes", SiteTotals::borrowedBytes, limit, lines);
        return lines;
    }

    static void drainLeaks() {
        Tracking.drainLeaks();
    }

    private static void rank(List<SiteTotals> sites, String by, ToLongFunction<SiteTotals> key, int limit,
                             List<String> lines) {
        List<SiteTotals> ranked = new ArrayList<>();
        for (SiteTotals site : sites) {
            if (key.applyAsLong(site) > 0) ranked.add(site);
        }
        ranked.sort(Comparator.comparingLong(key).reversed());
        for (int i = 0; i < Math.min(limit, ranked.size()); i++) {
            SiteTotals s = ranked.get(i);
            lines.add(String.format(Locale.ROOT,
                    "autopool TOP-SITE by=%s rank=%d leaks=%d leakedBytes=%d doubleReturns=%d borrows=%d"
                            + " bytes=%d hitRate=%.2f site=%s",
                    by, i + 1, s.leaks(), s.leakedBytes(), s.doubleReturns(), s.borrows(), s.borrowedBytes(),
                    s.hitRate(), s.siteName()));
        }
    }
}
