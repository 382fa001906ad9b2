package dev.autopool.runtime.track;

import java.util.Locale;

/**
 * How hard the tracker looks for leaks (borrowed buffers the GC collects before they were released). Double
 * returns of free buffers, foreign returns and {@link Tracker#isBorrowed} are exact at every level; the level
 * decides which borrows are watched for leaks, what is captured for them, and whether released buffers wait
 * in a quarantine (which also catches a second release that would otherwise come after the buffer was lent
 * again).
 */
public enum LeakLevel {
    /** No leak is reported. */
    OFF,
    /** One borrow in {@code leak.rate} is watched for leaks (the default). */
    SAMPLED,
    /**
     * Every borrow is watched for leaks, and released buffers wait in the quarantine before they are lent again,
     * so a second release inside that window is caught as a double return rather than ending a new loan.
     */
    FULL,
    /**
     * As {@link #FULL}, and the borrow's stack is captured; quarantined buffers are poisoned, and the poison is
     * verified before reuse to catch writes after return.
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
