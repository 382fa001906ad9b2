package dev.autopool.runtime.report;

import dev.autopool.runtime.Pools;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Prints one summary line of the pools' counters when the JVM exits. It goes to standard error rather than
 * through {@code System.Logger}: the default logging backend resets its handlers in a shutdown hook of its own,
 * which races with this one and swallows the line.
 */
public final class ShutdownSummary {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private ShutdownSummary() {}

    public static void installOnce() {
        if (INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownSummary::log, "autopool-summary"));
        }
    }

    public static String line() {
        return "autopool SUMMARY " + Pools.stats();
    }

    private static void log() {
        System.err.println(line());
        String shapes = Pools.shapeSummary();
        if (!shapes.isEmpty()) {
            System.err.println(shapes);
        }
    }
}
