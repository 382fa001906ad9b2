package dev.autopool.runtime.track;

import dev.autopool.runtime.internal.SiteRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The counters of every call site, indexed by site id; ids the registry never issued share one slot. A site's
 * counters are created the first time the site is seen, and published over JMX soon after, off the caller's
 * thread.
 */
final class SiteTable {
    private static final int UNKNOWN = -1;
    private volatile SiteCounters[] bySite = new SiteCounters[64];
    private SiteCounters unknown;

    SiteCounters of(int site) {
        SiteCounters[] table = bySite;
        if (site >= 0 && site < table.length) {
            SiteCounters counters = table[site];
            if (counters != null) {
                return counters;
            }
        }
        return create(site);
    }

    private synchronized SiteCounters create(int site) {
        if (site < 0 || site >= SiteRegistry.count()) {
            if (unknown == null) {
                unknown = publish(new SiteCounters(UNKNOWN));
            }
            return unknown;
        }
        SiteCounters[] table = bySite;
        if (site >= table.length) {
            SiteCounters[] larger = new SiteCounters[Math.max(site + 1, table.length * 2)];
            System.arraycopy(table, 0, larger, 0, table.length);
            table = larger;
        }
        if (table[site] == null) {
            table[site] = publish(new SiteCounters(site));
        }
        bySite = table;
        return table[site];
    }

    List<SiteCounters> all() {
        List<SiteCounters> all = new ArrayList<>();
        for (SiteCounters counters : bySite) {
            if (counters != null) all.add(counters);
        }
        synchronized (this) {
            if (unknown != null) all.add(unknown);
        }
        return all;
    }

    /** Hands the site's counters to {@link SiteBeans}, which puts them on JMX off this thread. */
    private static SiteCounters publish(SiteCounters counters) {
        SiteBeans.publish(counters);
        return counters;
    }
}
