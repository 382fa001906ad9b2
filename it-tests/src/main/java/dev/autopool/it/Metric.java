package dev.autopool.it;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;

/** A cost of one child run that the demo and the benchmark compare: from its RESULT line or from the harness. */
public enum Metric {
    /** Process wall time, start-up and shutdown included, as the harness measured it. */
    WALL_MS("wall time ms", run -> OptionalDouble.of(run.wallMs())),
    /** The app's own timing of its work, from RESULT {@code ms=}. */
    WORK_MS("work time ms", run -> field(run, "ms")),
    FIRST_MS("first prediction ms", run -> field(run, "firstMs")),
    P50_MS("p50 prediction ms", run -> field(run, "p50Ms")),
    ALLOC_MB("allocated MB", run -> field(run, "allocMB")),
    GC_COUNT("GC count", run -> field(run, "gcCount")),
    GC_MS("GC pause ms", run -> field(run, "gcMs")),
    DIRECT_MB("direct MB", run -> field(run, "directMB")),
    PEAK_RSS_MB("peak RSS MB", run -> run.peakRssKb() < 0 ? OptionalDouble.empty()
            : OptionalDouble.of(run.peakRssKb() / 1024.0));

    private final String label;
    private final Function<ChildRun, OptionalDouble> read;

    Metric(String label, Function<ChildRun, OptionalDouble> read) {
        this.label = label;
        this.read = read;
    }

    public String label() {
        return label;
    }

    /** This cost of {@code run}, or empty when the run does not report it. */
    public OptionalDouble of(ChildRun run) {
        return read.apply(run);
    }

    /** The value for a table cell: whole numbers without decimals, "-" when absent. */
    public String format(ChildRun run) {
        OptionalDouble v = of(run);
        if (v.isEmpty()) return "-";
        double d = v.getAsDouble();
        return d == Math.rint(d) && Math.abs(d) < 1e12 ? String.format(Locale.ROOT, "%.0f", d)
                : String.format(Locale.ROOT, "%.1f", d);
    }

    /** {@code run}'s cost divided by {@code baseline}'s, formatted, or "-" when either is absent or zero. */
    public String ratio(ChildRun run, ChildRun baseline) {
        OptionalDouble a = of(run);
        OptionalDouble b = of(baseline);
        if (a.isEmpty() || b.isEmpty() || b.getAsDouble() == 0) return "-";
        return String.format(Locale.ROOT, "%.2f", a.getAsDouble() / b.getAsDouble());
    }

    private static OptionalDouble field(ChildRun run, String key) {
        if (run.exitCode() != 0) return OptionalDouble.empty();
        try {
            String value = run.result().get(key);
            return value == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(value));
        } catch (IllegalStateException | NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }
}
