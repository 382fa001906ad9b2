package dev.autopool.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The settings the agent knows. The first ones it checks itself and turns into the canonical text the runtime
 * reads (sizes in bytes, lower-case levels), or rejects with a reason a user can act on; the runtime-owned
 * tuning keys after them pass through as written and the runtime reports a bad value. Any other key is a typo.
 */
public enum Setting {
    /** Leak detection level: {@code off}, {@code sampled} (the default), {@code full}, {@code paranoid}. */
    LEAK("leak"),
    /** At level {@code sampled}, one borrow in this many is tracked. */
    LEAK_RATE("leak.rate"),
    /** Cap on bytes the pool retains: {@code 512m}, {@code 2g}, {@code 65536} or a share of the heap, {@code 25%}. */
    BUDGET("budget"),
    /** Shapes allocated at start-up: {@code float[3][256][256]x4;int[1024]} (count defaults to 1). */
    WARMUP("warmup"),
    /** Lowest level the agent and the runtime log: {@code off}, {@code error}, {@code warning}, {@code info}, {@code debug}. */
    LOG("log"),
    /** Where lines go: {@code auto} (standard error until the app's logging is up, then System.Logger),
     *  {@code stderr} or {@code logger}. */
    LOG_TO("log.to"),
    /** Where the exit block goes: {@code stderr} (the default), {@code logger}, {@code off} or a file
     *  ({@code %p} is the pid), written atomically. */
    SUMMARY("summary"),
    /** Also write the exit block every so often while the app runs: {@code off} (the default), {@code 60s}. */
    SUMMARY_INTERVAL("summary.interval"),
    /** A directory the agent writes every rewritten class file to, for inspection. */
    DUMP("dump"),
    /** When the MXBeans go on JMX: {@code auto} (the default: once some party has an MBean server, never making
     *  one), {@code on} (at once, making the platform server) or {@code off}. */
    JMX("jmx"),
    /** Whether the agent releases borrows it proves never leave their method: {@code on} (default) or {@code off}. */
    AUTO_RELEASE("auto-release"),
    /** A directory of verdicts kept across runs, so a warm start skips the escape analysis (owner-only, 0700). */
    CACHE("cache"),
    // Runtime-owned tuning, passed through (see the runtime's PoolSettings and TrackingSettings).
    BUDGET_FRACTION("budget.fraction"),
    SHAPE_MAX("shape.max"),
    MAGAZINE_SIZE("magazine.size"),
    MAGAZINE_MAX("magazine.max"),
    MAGAZINE_EARN("magazine.earn"),
    TRIM_IDLE("trim.idle"),
    OUTSTANDING_WARN("outstanding.warn"),
    FOREIGN("foreign"),
    QUARANTINE("quarantine"),
    REPORT_INTERVAL("report.interval"),
    // The built-in ONNX rule, checked by the agent.
    /** The built-in ONNX Runtime tensor rule: {@code on} (the default) or {@code off}; also {@code onnx off}. */
    ONNX("onnx"),
    /** Cap on the free direct buffers the ONNX tensor pool keeps: {@code 256m} (the default), {@code 1g}. */
    ONNX_POOL("onnx.pool");

    private final String key;

    Setting(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The canonical form of {@code value}; throws {@link IllegalArgumentException} with the reason. */
    public String canonical(String value) {
        String v = value.trim();
        return switch (this) {
            case LEAK -> oneOf(v, Set.of("off", "sampled", "full", "paranoid"));
            case LEAK_RATE -> positiveInt(v);
            case BUDGET -> bytes(v);
            case WARMUP -> warmup(v);
            case LOG -> oneOf(v, Set.of("off", "error", "warning", "info", "debug", "trace"));
            case LOG_TO -> oneOf(v, Set.of("auto", "stderr", "logger"));
            case SUMMARY -> summaryDestination(v);
            case SUMMARY_INTERVAL -> millis(v);
            case AUTO_RELEASE -> oneOf(v, Set.of("on", "off"));
            case JMX -> oneOf(v, Set.of("auto", "on", "off"));
            case ONNX -> oneOf(v, Set.of("on", "off"));
            case ONNX_POOL -> bytes(v);
            case CACHE -> directory(v);
            default -> v;
        };
    }

    /** The setting named {@code key}; throws with the list of known keys when there is none. */
    public static Setting named(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) return s;
        }
        List<String> known = new ArrayList<>();
        for (Setting s : values()) known.add(s.key);
        throw new IllegalArgumentException("unknown setting " + Quoted.of(key) + " (known: " + String.join(", ", known) + ")");
    }

    private static String oneOf(String v, Set<String> allowed) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw new IllegalArgumentException(Quoted.of(v) + " is not one of " + new java.util.TreeSet<>(allowed));
        }
        return lower;
    }

    private static String directory(String v) {
        if (v.isEmpty() || v.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(Quoted.of(v) + " is not a directory path");
        }
        return v;
    }

    private static String summaryDestination(String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("stderr") || lower.equals("logger") || lower.equals("off")) return lower;
        if (v.isEmpty() || v.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(Quoted.of(v) + " is not stderr, logger, off or a file path");
        }
        return v;
    }

    /** A duration as milliseconds: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} (bare numbers are seconds), or {@code off}. */
    private static String millis(String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("off") || lower.equals("0")) return "0";
        long unit = lower.endsWith("ms") ? 1 : lower.endsWith("s") ? 1000 : lower.endsWith("m") ? 60_000
                : lower.endsWith("h") ? 3_600_000 : 1000;
        String digits = lower.replaceFirst("(ms|s|m|h)$", "");
        try {
            long n = Long.parseLong(digits);
            if (n > 0) return Long.toString(Math.multiplyExact(n, unit));
        } catch (RuntimeException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(Quoted.of(v) + " is not a duration such as 500ms, 30s, 5m or off");
    }

    private static String positiveInt(String v) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) return Integer.toString(n);
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(Quoted.of(v) + " is not a whole number of at least 1, e.g. 100");
    }

    static String bytes(String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        try {
            if (lower.endsWith("%")) {
                double pct = Double.parseDouble(lower.substring(0, lower.length() - 1));
                if (pct > 0 && pct <= 100) {
                    return Long.toString((long) (Runtime.getRuntime().maxMemory() * pct / 100));
                }
            } else {
                long unit = switch (lower.charAt(lower.length() - 1)) {
                    case 'k' -> 1L << 10;
                    case 'm' -> 1L << 20;
                    case 'g' -> 1L << 30;
                    default -> 1;
                };
                String digits = unit == 1 ? lower : lower.substring(0, lower.length() - 1);
                long n = Long.parseLong(digits);
                if (n >= 0) return Long.toString(Math.multiplyExact(n, unit));
            }
        } catch (RuntimeException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(Quoted.of(v) + " is not a size: use bytes with an optional k, m or g suffix"
                + " (512m) or a share of the heap (25%)");
    }

    private static String warmup(String v) {
        List<String> shapes = new ArrayList<>();
        for (String item : v.split(";")) {
            shapes.add(WarmupShape.parse(item.trim()).toString());
        }
        return String.join(";", shapes);
    }
}
