package dev.autopool.runtime.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pools' settings, parsed once from the agent's {@code key=value} settings into an immutable value. Keys
 * that other parts of autopool own are ignored here; a bad value is reported and its default kept.
 *
 * @param budget           bytes the pool may keep for later ({@code budget=256m}, else {@code budget.fraction}
 *                         of the max heap, default 0.25)
 * @param shapeCap         bytes one shape may keep ({@code shape.max=64m}, default half the budget)
 * @param magazineSize     free arrays one thread keeps per shape without locking ({@code magazine.size=8})
 * @param magazineMaxBytes arrays larger than this skip the thread magazines ({@code magazine.max=4m})
 * @param magazineEarn     borrows a platform thread makes through the shared stripes before it gets private
 *                         magazines ({@code magazine.earn=64}; virtual threads never do)
 * @param trimIdleNanos    a shape unused this long gives its free arrays back ({@code trim.idle=60s}; 0 = never)
 * @param outstandingWarn  lent-and-not-returned bytes that trigger a warning ({@code outstanding.warn=1g};
 *                         default half the max heap; 0 = never)
 * @param warmup           shapes to pre-allocate at start-up ({@code warmup=float[3][256][256]x4;int[1024]x2})
 */
public record PoolSettings(long budget, long shapeCap, int magazineSize, long magazineMaxBytes, int magazineEarn,
                           long trimIdleNanos, long outstandingWarn, List<WarmupShape> warmup) {

    public PoolSettings {
        warmup = List.copyOf(warmup);
    }

    /** Defaults for a JVM whose max heap is {@code maxHeap} bytes. */
    public static PoolSettings defaults(long maxHeap) {
        long budget = (long) (maxHeap * 0.25);
        return new PoolSettings(budget, budget / 2, 8, 4L << 20, 64, TimeUnit.SECONDS.toNanos(60), maxHeap / 2,
                List.of());
    }

    /** Parses the keys this class owns; every bad value goes to {@code problems} as one actionable sentence. */
    public static PoolSettings parse(Map<String, String> settings, long maxHeap, Consumer<String> problems) {
        PoolSettings d = defaults(maxHeap);
        Parser p = new Parser(settings, problems);
        double fraction = p.fraction("budget.fraction", 0.25);
        long budget = p.size("budget", (long) (maxHeap * fraction));
        long shapeCap = p.size("shape.max", budget / 2);
        int magazineSize = (int) Math.min(1024, p.size("magazine.size", d.magazineSize));
        long magazineMax = p.size("magazine.max", d.magazineMaxBytes);
        int magazineEarn = (int) Math.min(Integer.MAX_VALUE, p.count("magazine.earn", d.magazineEarn));
        long trimIdle = p.duration("trim.idle", d.trimIdleNanos);
        long warn = p.size("outstanding.warn", d.outstandingWarn);
        List<WarmupShape> warmup = p.warmup("warmup");
        return new PoolSettings(budget, shapeCap, magazineSize, magazineMax, magazineEarn, trimIdle, warn, warmup);
    }

    /**
     * A size setting owned elsewhere (such as {@code onnx.pool=512m}) read with the pools' syntax: {@code dflt}
     * when the key is absent or its value bad (then reported to {@code problems}).
     */
    public static long size(Map<String, String> settings, String key, long dflt, Consumer<String> problems) {
        return new Parser(settings, problems).size(key, dflt);
    }

    /** One {@code warmup} entry: {@code count} arrays of {@code shape}. */
    public record WarmupShape(Shape shape, int count) {
        private static final Pattern FORM = Pattern.compile("(float|double|int|long|short|byte)((?:\\[\\d+]){1,4})"
                + "(?:x(\\d+))?");

        static WarmupShape parse(String text) {
            Matcher m = FORM.matcher(text.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + text.trim() + "' is not of the form float[3][256][256]x4 "
                        + "(element float|double|int|long|short|byte, 1 to 4 dimensions, optional xCOUNT)");
            }
            String[] parts = m.group(2).substring(1, m.group(2).length() - 1).split("]\\[");
            int[] dims = new int[parts.length];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = Integer.parseInt(parts[i]);
                if (dims[i] <= 0) {
                    throw new IllegalArgumentException("'" + text.trim() + "' has a zero dimension");
                }
            }
            int count = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            Kind kind = Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
            return new WarmupShape(Shape.of(kind.type, dims), count);
        }
    }

    private record Parser(Map<String, String> settings, Consumer<String> problems) {
        private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);
        private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

        long size(String key, long dflt) {
            String v = settings.get(key);
            if (v == null) {
                return dflt;
            }
            if (v.trim().equalsIgnoreCase("off")) {
                return 0;
            }
            Matcher m = SIZE.matcher(v.trim());
            if (!m.matches()) {
                return bad(key, v, "expected a size such as 512k, 256m or 2g", dflt);
            }
            int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                case "t" -> 40;
                default -> 0;
            };
            try {
                return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
            } catch (ArithmeticException | NumberFormatException e) {
                return bad(key, v, "the size is too large", dflt);
            }
        }

        long count(String key, long dflt) {
            String v = settings.get(key);
            if (v == null) {
                return dflt;
            }
            try {
                long n = Long.parseLong(v.trim());
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            return bad(key, v, "expected a whole number such as 64 (0: every platform thread from its first borrow)",
                    dflt);
        }

        double fraction(String key, double dflt) {
            String v = settings.get(key);
            if (v == null) {
                return dflt;
            }
            try {
                double f = Double.parseDouble(v.trim());
                if (f >= 0 && f <= 1) {
                    return f;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.accept("setting " + key + "=" + v + ": expected a fraction of the max heap between 0 and 1 "
                    + "such as 0.25; using " + dflt);
            return dflt;
        }

        long duration(String key, long dflt) {
            String v = settings.get(key);
            if (v == null) {
                return dflt;
            }
            if (v.trim().equalsIgnoreCase("off")) {
                return 0;
            }
            Matcher m = DURATION.matcher(v.trim());
            if (!m.matches()) {
                return bad(key, v, "expected a duration such as 500ms, 30s, 5m or off", dflt);
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
            return switch (unit) {
                case "ms" -> TimeUnit.MILLISECONDS.toNanos(n);
                case "m" -> TimeUnit.MINUTES.toNanos(n);
                case "h" -> TimeUnit.HOURS.toNanos(n);
                default -> TimeUnit.SECONDS.toNanos(n);
            };
        }

        List<WarmupShape> warmup(String key) {
            String v = settings.get(key);
            List<WarmupShape> out = new ArrayList<>();
            if (v == null || v.isBlank()) {
                return out;
            }
            for (String entry : v.split(";")) {
                if (entry.isBlank()) {
                    continue;
                }
                try {
                    out.add(WarmupShape.parse(entry));
                } catch (IllegalArgumentException e) {
                    problems.accept("setting " + key + ": " + e.getMessage() + "; that entry is skipped");
                }
            }
            return out;
        }

        private long bad(String key, String value, String expected, long dflt) {
            problems.accept("setting " + key + "=" + value + ": " + expected + "; using the default");
            return dflt;
        }
    }
}
