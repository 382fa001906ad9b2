package dev.autopool.runtime.track;

/**
 * The seam between the pools and borrow tracking. The pools call these three hooks; everything behind them
 * (leak detection with phantom references, double and foreign returns, poisoning) belongs to this package.
 */
public final class Tracker {
    private Tracker() {}

    /** The pool has handed {@code array} (fresh or recycled, already zeroed if asked) to {@code site}. */
    public static void borrowed(Object array, int site, long bytes) {
        // Tracking arrives with the borrow-tracking issue; until then nothing is tracked.
    }

    /**
     * {@code site} hands {@code array} back. Returns false when the pool must not take it (a double or foreign
     * return, already reported); true when the pool may recycle it.
     */
    public static boolean releasing(Object array, int site) {
        return true;
    }

    /** The pool is about to hand a recycled {@code array} out again, before zeroing it. */
    public static void reusing(Object array) {
        // Poison verification arrives with the borrow-tracking issue.
    }

    /** Whether the pool lent {@code array} and it is still outstanding; exact for every borrow at every level. */
    public static boolean isBorrowed(Object array) {
        return false;
    }
}
