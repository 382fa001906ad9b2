package dev.autopool.runtime.track;

/**
 * The tracker's counters for one call site at one moment ({@code site} -1 gathers ids no site was registered
 * under).
 */
public record SiteTotals(int site, String siteName, long borrows, long hits, long borrowedBytes, long leaks,
                         long leakedBytes, long doubleReturns, long foreignReturns, long writesAfterReturn) {

    /** The share of borrows served by a recycled array, 0 to 1. */
    public double hitRate() {
        return borrows == 0 ? 0 : (double) hits / borrows;
    }
}
