package dev.autopool.runtime.track;

import java.util.Locale;

/**
 * How hard the tracker looks for leaks (borrowed buffers the GC collects before they were released). Double
 * returns, foreign returns and {@link Tracker#isBorrowed} are exact at every level; the level only decides
 * which borrows are watched for leaks and what is captured for them.
 */
public enum LeakLevel {
    /** No leak is reported. */
    OFF,
    /** One borrow in {@code leak.rate} is watched for leaks (the default). */
    SAMPLED,
    /** Every borrow is watched for leaks. */
    FULL,
    /**
     * Every borrow is watched and its stack captured; released buffers are poisoned and quarantined, and the
     * poison is verified before reuse to catch writes after return.
     */
    PARANOID;

    /** The level named by a setting value such as {@code sampled}, or null if the name is unknown. */
    static LeakLevel named(String value) {
        for (LeakLevel level : values()) {
            if (level.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
                return level;
            }
        }
        return null;
    }

    /** The setting value that selects this level. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
