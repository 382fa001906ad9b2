package dev.autopool.runtime.report;

import dev.autopool.runtime.Pools;
import dev.autopool.runtime.onnx.OnnxTensors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Prints the summary when the JVM exits: one {@code autopool SUMMARY key=value ...} line of the pools' and the
 * tracker's counters (leaks of ONNX tensors included, at their sites), then the top sites by leaks and by bytes,
 * then the pooled ONNX tensors' lines. It goes to standard error rather than through
 * {@code System.Logger}: the default logging backend resets its handlers in a shutdown hook of its own, which
 * races with this one and swallows the lines.
 */
public final class ShutdownSummary {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private ShutdownSummary() {}

    public static void installOnce() {
        if (INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(dev.autopool.runtime.RuntimeThreads.create(ShutdownSummary::log, "autopool-summary", false));
        }
    }

    /** The first summary line: {@code key=value} words that tools parse. */
    public static String line() {
        return "autopool SUMMARY " + Pools.stats() + " " + TrackingSummary.words();
    }

    private static void log() {
        try {
            TrackingSummary.drainLeaks();
            OnnxTensors.drainLeaks();
            System.err.println(line());
            String shapes = Pools.shapeSummary();
            if (!shapes.isEmpty()) {
                System.err.println(shapes);
            }
            for (String site : TrackingSummary.topSites(5)) {
                System.err.println(site);
            }
            for (String onnx : OnnxTensors.summaryLines()) {
                System.err.println(onnx);
            }
        } catch (RuntimeException | LinkageError e) {
            System.err.println("autopool SUMMARY unavailable: " + e);
        }
    }
}
