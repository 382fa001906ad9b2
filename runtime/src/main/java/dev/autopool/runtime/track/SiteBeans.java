package dev.autopool.runtime.track;

import dev.autopool.runtime.internal.Site;
import dev.autopool.runtime.internal.SiteRegistry;
import dev.autopool.runtime.report.MBeanPublisher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

/**
 * The JMX names of the sites' counters: {@code dev.autopool:type=TrackedSite,site="com.acme.R.f(R.java:42)",
 * rule="autopool.conf:3"}, the site's text and its rule as {@code ObjectName.quote} writes them, so the same
 * site has the same name in every JVM of a fleet (the Prometheus JMX exporter, OpenTelemetry's JMX metrics sum
 * them by name). A line that holds several sites of one method and rule adds {@code ordinal=1}, {@code 2}, ...
 * (in bytecode order) to keep them apart. Sites with the same text, rule and ordinal - the same class defined by
 * several class loaders - share one bean that sums their counters. Names are built here without
 * {@code javax.management}, which this runs before (on the borrowing thread that first sees a site) must not load.
 */
final class SiteBeans {
    static final String UNKNOWN_NAME = "dev.autopool:type=TrackedSite,site=\"unknown\"";
    private static final Map<String, SiteBean> BY_NAME = new ConcurrentHashMap<>();

    private SiteBeans() {}

    /** Adds {@code counters} to the bean of its name, and hands a new bean to {@link MBeanPublisher}. */
    static void publish(SiteCounters counters) {
        String name = objectName(counters.site);
        SiteBean bean = BY_NAME.computeIfAbsent(name, n -> new SiteBean());
        if (bean.add(counters)) {
            MBeanPublisher.publish(name, bean, SiteCountersMXBean.class);
        }
    }

    static String objectName(int site) {
        if (site < 0 || site >= SiteRegistry.count()) return UNKNOWN_NAME;
        Site s = SiteRegistry.get(site);
        return "dev.autopool:type=TrackedSite,site=" + quote(s.location())
                + ",rule=" + quote(String.valueOf(s.rule())) + (s.ordinal() > 0 ? ",ordinal=" + s.ordinal() : "");
    }

    /** What {@code javax.management.ObjectName.quote} returns for {@code s}. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\\', '"', '*', '?' -> b.append('\\').append(c);
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** The sum of every site's counters that share one name. */
    static final class SiteBean implements SiteCountersMXBean {
        private final List<SiteCounters> sites = new CopyOnWriteArrayList<>();

        /** True for the first counters: then the bean is new and to be published. */
        synchronized boolean add(SiteCounters counters) {
            sites.add(counters);
            return sites.size() == 1;
        }

        private long sum(ToLongFunction<SiteCounters> f) {
            long n = 0;
            for (SiteCounters c : sites) n += f.applyAsLong(c);
            return n;
        }

        @Override public String getSite() { return sites.get(0).getSite(); }
        @Override public long getBorrows() { return sum(SiteCounters::getBorrows); }
        @Override public long getHits() { return sum(SiteCounters::getHits); }
        @Override public long getBorrowedBytes() { return sum(SiteCounters::getBorrowedBytes); }
        @Override public long getLeaks() { return sum(SiteCounters::getLeaks); }
        @Override public long getLeakedBytes() { return sum(SiteCounters::getLeakedBytes); }
        @Override public long getDoubleReturns() { return sum(SiteCounters::getDoubleReturns); }
        @Override public long getForeignReturns() { return sum(SiteCounters::getForeignReturns); }
        @Override public long getWritesAfterReturn() { return sum(SiteCounters::getWritesAfterReturn); }
    }
}
