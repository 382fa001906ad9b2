package dev.autopool.runtime.track;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * The counters of every call site, indexed by site id; ids the registry never issued share one slot. A site's
 * counters are created (and published over JMX) the first time the site is seen.
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
        if (site < 0 || site >= dev.autopool.runtime.Sites.count()) {
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

    /** Registers the site's MXBean; a JVM without JMX (or a name clash) costs nothing but the bean. */
    private static SiteCounters publish(SiteCounters counters) {
        try {
            ObjectName name = new ObjectName("dev.autopool:type=TrackedSite,id="
                    + (counters.site == UNKNOWN ? "unknown" : String.valueOf(counters.site)));
            var server = ManagementFactory.getPlatformMBeanServer();
            if (!server.isRegistered(name)) {
                server.registerMBean(new StandardMBean(counters, SiteCountersMXBean.class, true), name);
            }
        } catch (Exception | LinkageError e) {
            // JMX is an extra: tracking works without it
        }
        return counters;
    }
}
