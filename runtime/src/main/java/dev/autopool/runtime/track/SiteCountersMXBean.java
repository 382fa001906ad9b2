package dev.autopool.runtime.track;

/**
 * What the tracker counted at one call site since start, published over JMX as
 * {@code dev.autopool:type=TrackedSite,site="<site text>",rule="<rule>"} (both {@code ObjectName.quote}d; sites
 * of the same text and rule from several class loaders are summed in one bean).
 */
public interface SiteCountersMXBean {
    /** The site as {@code Class.method(File.java:line)}. */
    String getSite();
    long getBorrows();
    /** Borrows served by a recycled array. */
    long getHits();
    long getBorrowedBytes();
    long getLeaks();
    long getLeakedBytes();
    long getDoubleReturns();
    long getForeignReturns();
    long getWritesAfterReturn();
}
