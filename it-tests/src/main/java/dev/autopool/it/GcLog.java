package dev.autopool.it;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stop-the-world pauses in a child's unified GC log ({@code -Xlog:gc:stdout}), e.g.
 * {@code [1.234s][info][gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.345ms}. Read from
 * the log rather than from the app, so every workload is measured the same way and on any collector.
 */
record GcLog(int pauses, double pauseMillis) {
    private static final Pattern PAUSE = Pattern.compile("\\[gc\\s*] GC\\(\\d+\\) Pause .* (\\d+(?:\\.\\d+)?)ms$");

    /** The pauses in the run's output, or empty when it printed no GC log at all. */
    static Optional<GcLog> of(ChildRun run) {
        if (!run.command().contains(Metric.GC_LOG)) return Optional.empty();
        int pauses = 0;
        double millis = 0;
        for (String line : (Iterable<String>) run.stdout().lines()::iterator) {
            Matcher m = PAUSE.matcher(line.strip());
            if (m.find()) {
                pauses++;
                millis += Double.parseDouble(m.group(1));
            }
        }
        return Optional.of(new GcLog(pauses, millis));
    }
}
