package dev.autopool.it;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/** A cost of one child run that the demo and the benchmark compare: from its RESULT line or from the harness. */
public enum Metric {
    /** Process wall time, start-up and shutdown included, as the harness measured it. */
    WALL_MS("wall time ms", run -> Optional.of((double) run.wallMs())),
    /** The app's own timing of its work, from RESULT {@code ms=}. */
    WORK_MS("work time ms", run -> field(run, "ms")),
    FIRST_MS("first prediction ms", run -> field(run, "firstMs")),
    P50_MS("p50 prediction ms", run -> field(run, "p50Ms")),
    ALLOC_MB("allocated MB", run -> field(run, "allocMB")),
    /** Stop-the-world GC pauses, from the child's {@code -Xlog:gc:stdout} (see {@link #GC_LOG}). */
    GC_PAUSES("GC pauses", run -> GcLog.of(run).map(g -> (double) g.pauses())),
    /** Their total duration. */
    GC_PAUSE_MS("GC pause ms", run -> GcLog.of(run).map(GcLog::pauseMillis)),
    DIRECT_MB("direct MB", run -> field(run, "directMB")),
    PEAK_RSS_MB("peak RSS MB", run -> run.peakRssKb() < 0 ? Optional.empty()
            : Optional.of(run.peakRssKb() / 1024.0));

    /** The JVM option that makes a child print the GC log {@link #GC_PAUSES} and {@link #GC_PAUSE_MS} read. */
    public static final String GC_LOG = "-Xlog:gc:stdout";

    private final String label;
    private final Function<ChildRun, Optional<Double>> read;

    Metric(String label, Function<ChildRun, Optional<Double>> read) {
        this.label = label;
        this.read = read;
    }

    public String label() {
        return label;
    }

    /** This cost of {@code run}, or empty when the run does not report it. */
    public OptionalDouble of(ChildRun run) {
        return read.apply(run).map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }

    /** The median of this cost over {@code runs} (those that report it), or empty when none does. */
    public OptionalDouble median(List<ChildRun> runs) {
        double[] values = runs.stream().map(this::of).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).sorted().toArray();
        return values.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(values[values.length / 2]);
    }

    /** The value for a table cell: whole numbers without decimals, "-" when absent. */
    public String format(ChildRun run) {
        return format(of(run));
    }

    /** {@code run}'s cost divided by {@code baseline}'s, formatted, or "-" when either is absent or zero. */
    public String ratio(ChildRun run, ChildRun baseline) {
        return ratio(of(run), of(baseline));
    }

    static String format(OptionalDouble v) {
        if (v.isEmpty()) return "-";
        double d = v.getAsDouble();
        return d == Math.rint(d) && Math.abs(d) < 1e12 ? String.format(Locale.ROOT, "%.0f", d)
                : String.format(Locale.ROOT, "%.1f", d);
    }

    static String ratio(OptionalDouble a, OptionalDouble b) {
        if (a.isEmpty() || b.isEmpty() || b.getAsDouble() == 0) return "-";
        return String.format(Locale.ROOT, "%.2f", a.getAsDouble() / b.getAsDouble());
    }

    private static Optional<Double> field(ChildRun run, String key) {
        if (run.exitCode() != 0) return Optional.empty();
        try {
            String value = run.result().get(key);
            return value == null ? Optional.empty() : Optional.of(Double.parseDouble(value));
        } catch (IllegalStateException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
