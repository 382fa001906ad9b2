package dev.autopool.runtime.report;

import dev.autopool.runtime.Pools;
import dev.autopool.runtime.onnx.OnnxTensors;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Writes the exit block when the JVM exits, in one piece and in order: one {@code autopool SUMMARY key=value ...}
 * line of the pools' and the tracker's counters (leaks of ONNX tensors included, at their sites), the shape and
 * top-site lines, the pooled ONNX tensors' lines, then the sections others added (the agent's UNMATCHED rules
 * and statistics). The {@code summary} setting sends it to standard error (the default), through the logger or
 * nowhere; its lines are INFO lines, so {@code log=warning} and above silence it too. Standard error is the
 * default because the default logging backend resets its handlers in a shutdown hook of its own, which races
 * with this one and swallows the lines.
 */
public final class ShutdownSummary {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    /** Whether pools or tensors were used: only then are there counters to print (and only then is it safe to
     *  touch {@code Pools}, which would otherwise start its housekeeping in the middle of the JVM's exit). */
    private static volatile boolean used;
    private static final List<Supplier<List<String>>> SECTIONS = new CopyOnWriteArrayList<>();
    private static volatile String destination = "stderr";

    private ShutdownSummary() {}

    /** Called by the pools and the ONNX tensor pool on first use. */
    public static void installOnce() {
        used = true;
        hook();
    }

    private static void hook() {
        if (INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownSummary::log, "autopool-summary"));
        }
    }

    /** The {@code summary} setting: {@code stderr}, {@code logger} or {@code off}. */
    public static void destination(String where) {
        destination = where.toLowerCase(Locale.ROOT);
    }

    /** Adds lines to the end of the exit block (and installs it); {@code section} is asked once, at exit. */
    public static void addSection(Supplier<List<String>> section) {
        SECTIONS.add(section);
        hook();
    }

    /** The first summary line: {@code key=value} words that tools parse. */
    public static String line() {
        return "autopool SUMMARY " + Pools.stats() + " " + TrackingSummary.words();
    }

    /** Every line of the exit block, in order. */
    static List<String> lines() {
        List<String> lines = new ArrayList<>();
        if (used) addCounters(lines);
        for (Supplier<List<String>> section : SECTIONS) {
            try {
                lines.addAll(section.get());
            } catch (RuntimeException | LinkageError e) {
                lines.add("autopool SUMMARY a section is unavailable: " + e);
            }
        }
        return lines;
    }

    private static void addCounters(List<String> lines) {
        try {
            TrackingSummary.drainLeaks();
            OnnxTensors.drainLeaks();
            lines.add(line());
            String shapes = Pools.shapeSummary();
            if (!shapes.isEmpty()) lines.add(shapes);
            lines.addAll(TrackingSummary.topSites(5));
            lines.addAll(OnnxTensors.summaryLines());
        } catch (RuntimeException | LinkageError e) {
            lines.add("autopool SUMMARY unavailable: " + e);
        }
    }

    private static void log() {
        String where = destination;
        if (where.equals("off") || !ReportLog.enabled(Level.INFO)) return;
        List<String> lines = lines();
        if (where.equals("logger")) {
            for (String line : lines) {
                try {
                    System.getLogger(ReportLog.LOGGER_NAME).log(Level.INFO, line);
                } catch (RuntimeException | LinkageError e) {
                    return;
                }
            }
        } else {
            StringBuilder all = new StringBuilder();
            for (String line : lines) all.append(line).append(System.lineSeparator());
            System.err.print(all);
            System.err.flush();
        }
    }
}
