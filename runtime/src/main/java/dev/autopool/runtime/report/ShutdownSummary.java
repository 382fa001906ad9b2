package dev.autopool.runtime.report;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Writes the exit block when the JVM exits (and every {@code summary.interval} when asked), in one piece and in
 * order: one {@code autopool SUMMARY key=value ...}
 * line of the pools' and the tracker's counters (leaks of ONNX tensors included, at their sites), the shape and
 * top-site lines, the pooled ONNX tensors' lines, then the sections others added (the agent's UNMATCHED rules
 * and statistics). It is a registry: the pools, the tracker and the ONNX pool add their {@link Part parts} (this
 * package names none of them), and the agent adds its {@link #addSection sections}. The {@code summary} setting sends it to standard error (the default), through the logger, to a
 * file ({@code %p} is the pid; replaced atomically, so a reader never sees half a block, and written from the
 * shutdown hook, which also runs when a cluster manager stops the JVM with SIGTERM after closing its stderr
 * capture) or nowhere; its lines are INFO lines, so {@code log=warning} and above silence it too. Standard error is the
 * default because the default logging backend resets its handlers in a shutdown hook of its own, which races
 * with this one and swallows the lines.
 */
public final class ShutdownSummary {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final AtomicBoolean PERIODIC = new AtomicBoolean();
    /** Whether pools or tensors were used: only then are there counters to print. */
    private static volatile boolean used;
    /** The counters' parts by their place in the block; added once each, by whoever owns them. */
    private static final Map<Part, Counters> PARTS = new EnumMap<>(Part.class);
    private static final List<Supplier<List<String>>> SECTIONS = new CopyOnWriteArrayList<>();
    private static volatile String destination = "stderr";

    private ShutdownSummary() {}

    /** The parts of the counters, in the order the block prints their words and their lines. */
    public enum Part { POOLS, TRACKING, ONNX }

    /** One part of the exit block's counters. */
    public interface Counters {
        /** Reports what the GC collected unreported so far, before any part's counters are read. */
        default void drain() {}

        /** The part's {@code key=value} words on the {@code autopool SUMMARY} line; empty for none. */
        default String words() {
            return "";
        }

        /** The part's lines after the {@code autopool SUMMARY} line. */
        List<String> lines();
    }

    /** Adds {@code part}'s counters to the block (the first registration of a part counts); prints nothing yet. */
    public static void addCounters(Part part, Counters counters) {
        synchronized (PARTS) {
            PARTS.putIfAbsent(part, counters);
        }
    }

    /** Called by the runtime's wiring and the ONNX tensor pool on first use: from now on the counters print. */
    public static void installOnce() {
        used = true;
        hook();
    }

    private static void hook() {
        if (INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(dev.autopool.runtime.internal.RuntimeThreads.create(ShutdownSummary::log, "autopool-summary", false));
        }
    }

    /**
     * The {@code summary} setting: {@code stderr}, {@code logger}, {@code off} or a file path. Package-private:
     * set through {@link ReportSettings}, which the seal guards.
     */
    static void destination(String where) {
        String lower = where.toLowerCase(Locale.ROOT);
        destination = lower.equals("stderr") || lower.equals("logger") || lower.equals("off") ? lower : where;
    }

    /** The {@code summary.interval} setting: also write the block every {@code millis} while the app runs. */
    static void every(long millis) {
        if (millis <= 0 || !PERIODIC.compareAndSet(false, true)) return;
        Thread writer = new Thread(new Periodic(millis), "autopool-summary-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private static final class Periodic implements Runnable {
        private final long millis;

        Periodic(long millis) {
            this.millis = millis;
        }

        @Override
        public void run() {
            while (true) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    return;
                }
                log();
            }
        }
    }

    /** The {@code summary} setting in force. */
    static String destination() {
        return destination;
    }

    /** Adds lines to the end of the exit block (and installs it); {@code section} is asked once, at exit. */
    public static void addSection(Supplier<List<String>> section) {
        SECTIONS.add(section);
        hook();
    }

    /** The first summary line: {@code key=value} words that tools parse. */
    public static String line() {
        StringBuilder line = new StringBuilder("autopool SUMMARY");
        for (Counters part : parts()) {
            String words = part.words();
            if (!words.isEmpty()) line.append(' ').append(words);
        }
        return line.toString();
    }

    private static List<Counters> parts() {
        synchronized (PARTS) {
            return new ArrayList<>(PARTS.values());
        }
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
            List<Counters> parts = parts();
            for (Counters part : parts) part.drain();
            lines.add(line());
            for (Counters part : parts) lines.addAll(part.lines());
        } catch (RuntimeException | LinkageError e) {
            lines.add("autopool SUMMARY unavailable: " + e);
        }
    }

    /** Writes the exit block now, where the {@code summary} setting says (the JMX {@code printSummary}). */
    public static void printNow() {
        log();
    }

    private static synchronized void log() {
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
            return;
        }
        StringBuilder all = new StringBuilder();
        for (String line : lines) all.append(line).append(System.lineSeparator());
        if (where.equals("stderr")) {
            System.err.print(all);
            System.err.flush();
        } else {
            writeFile(where, all.toString());
        }
    }

    /** Replaces the file in one step: a reader (or a log shipper) sees the old block or the new, never half. */
    static void writeFile(String pattern, String block) {
        Path file = Path.of(pattern.replace("%p", Long.toString(ProcessHandle.current().pid())));
        Path dir = file.toAbsolutePath().getParent();
        try {
            Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                Files.writeString(temp, block);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | RuntimeException e) {
            System.err.print("autopool SUMMARY cannot write " + file + " (" + e + "); here it is:"
                    + System.lineSeparator() + block);
        }
    }
}
