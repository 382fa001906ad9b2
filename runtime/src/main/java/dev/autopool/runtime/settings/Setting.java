package dev.autopool.runtime.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every {@code key=value} setting autopool knows, declared once: its key, the grammar of its value, its default and
 * what it does. The agent checks rules-file lines and agent arguments with {@link #canonical}; the runtime reads
 * the same keys through {@link SettingValues}, so a value means the same wherever it is given, and a bad one is
 * reported in one format: {@code setting KEY=VALUE: REASON; the setting is ignored} (the agent puts the file and
 * line in front). It lives in the runtime because the agent can read runtime classes, not the other way round.
 */
public enum Setting {
    LEAK("leak", Form.WORD, "sampled", "leak detection: off, sampled, full or paranoid",
            "off", "sampled", "full", "paranoid"),
    LEAK_RATE("leak.rate", Form.COUNT, "64", "at sampled, watch one borrow in this many", 1, Integer.MAX_VALUE),
    BUDGET("budget", Form.SIZE, "budget.fraction of the max heap", "bytes the pool may keep for later", (String) null),
    WARMUP("warmup", Form.WARMUP, "none", "shapes allocated at start-up: float[3][256][256]x4;int[1024]"),
    LOG("log", Form.WORD, "info", "lowest level autopool logs",
            "off", "error", "warning", "info", "debug", "trace"),
    LOG_TO("log.to", Form.WORD, "auto", "where lines go: auto (standard error until the app's logging is up, "
            + "then System.Logger), stderr or logger", "auto", "stderr", "logger"),
    SUMMARY("summary", Form.DESTINATION, "stderr", "where the exit block goes: stderr, logger, off or a file (%p "
            + "is the pid)"),
    SUMMARY_INTERVAL("summary.interval", Form.DURATION, "off", "also write the exit block this often while the "
            + "app runs"),
    DUMP("dump", Form.PATH, "none", "a directory the agent writes every rewritten class file to"),
    JMX("jmx", Form.WORD, "auto", "when the MXBeans go on JMX: auto (once some party has an MBean server), on "
            + "(making the platform server) or off", "auto", "on", "off"),
    AUTO_RELEASE("auto-release", Form.WORD, "on", "whether the agent releases borrows it proves never leave "
            + "their method", "on", "off"),
    CACHE("cache", Form.PATH, "none", "a directory of verdicts kept across runs, so a warm start skips the "
            + "escape analysis (owner-only, 0700)"),
    BUDGET_FRACTION("budget.fraction", Form.FRACTION, "0.25", "the budget as a fraction of the max heap, when "
            + "budget is not set"),
    SHAPE_MAX("shape.max", Form.SIZE, "half the budget", "bytes one exact shape may keep", (String) null),
    MAGAZINE_SIZE("magazine.size", Form.COUNT, "8", "free buffers one private magazine or shared stripe keeps per "
            + "shape (at most 1024 are used)", 0, Integer.MAX_VALUE),
    MAGAZINE_MAX("magazine.max", Form.SIZE, "4m", "buffers larger than this skip the magazines and stripes",
            "it is the size of one buffer"),
    MAGAZINE_EARN("magazine.earn", Form.COUNT, "64", "borrows a platform thread makes through the shared stripes "
            + "before it gets private magazines", 0, Integer.MAX_VALUE),
    TRIM_IDLE("trim.idle", Form.DURATION, "60s", "a shape unused this long gives its free buffers back"),
    OUTSTANDING_WARN("outstanding.warn", Form.SIZE, "half the max heap", "log OUTSTANDING when more than this is "
            + "lent and not returned", (String) null),
    FOREIGN("foreign", Form.WORD, "ignore", "an array the pool never lent: ignore (report it) or adopt (report "
            + "it and keep it if its shape fits)", "ignore", "adopt"),
    QUARANTINE("quarantine", Form.COUNT, "16", "at full and paranoid, a released buffer waits for this many "
            + "later releases of its own shape", 0, Integer.MAX_VALUE),
    REPORT_INTERVAL("report.interval", Form.DURATION, "60s", "the time between two report lines of one kind and "
            + "site (0: every one)"),
    ONNX("onnx", Form.WORD, "on", "the built-in ONNX Runtime tensor rule (also: onnx off)", "on", "off"),
    ONNX_POOL("onnx.pool", Form.SIZE, "256m", "cap on the free direct buffers the ONNX tensor pool keeps",
            "its buffers are direct memory, outside the heap");

    /** The grammars a value can have. */
    enum Form { WORD, COUNT, SIZE, DURATION, FRACTION, WARMUP, DESTINATION, PATH }

    private static final int MAX_ECHO = 80;

    private final String key;
    private final Form form;
    private final String defaultValue;
    private final String doc;
    @SuppressWarnings("ImmutableEnumChecker") // List.of: unmodifiable, which the checker cannot see
    private final List<String> words;
    private final long min;
    private final long max;
    /** For a size: null where a share of the heap makes sense, else why it does not. */
    private final String noHeapShare;

    Setting(String key, Form form, String defaultValue, String doc, String... words) {
        this(key, form, defaultValue, doc, words, 0, 0, null);
    }

    Setting(String key, Form form, String defaultValue, String doc, long min, long max) {
        this(key, form, defaultValue, doc, new String[0], min, max, null);
    }

    Setting(String key, Form form, String defaultValue, String doc, String noHeapShare) {
        this(key, form, defaultValue, doc, new String[0], 0, 0, noHeapShare);
    }

    Setting(String key, Form form, String defaultValue, String doc, String[] words, long min, long max,
            String noHeapShare) {
        this.key = key;
        this.form = form;
        this.defaultValue = defaultValue;
        this.doc = doc;
        this.words = List.of(words);
        this.min = min;
        this.max = max;
        this.noHeapShare = noHeapShare;
    }

    /** The key as written: {@code leak.rate}. */
    public String key() {
        return key;
    }

    /** The default, as the README's tables name it. */
    public String defaultValue() {
        return defaultValue;
    }

    /** What the setting does, one line. */
    public String doc() {
        return doc;
    }

    /** Whether the value is a number of bytes (and so takes the one size grammar, {@link Sizes}). */
    public boolean isSize() {
        return form == Form.SIZE;
    }

    /** Whether a share of the heap ({@code 25%}) is a value of this size key. */
    public boolean takesHeapShare() {
        return form == Form.SIZE && noHeapShare == null;
    }

    /**
     * The canonical text of {@code value}, which reads back to the same value (lower-case words, sizes in bytes,
     * durations in {@code ms}, warm-up entries with their count); throws {@link IllegalArgumentException} with
     * the reason a user can act on.
     */
    public String canonical(String value) {
        String v = value.trim();
        return switch (form) {
            case WORD -> word(v);
            case COUNT -> Long.toString(count(v));
            case SIZE -> Long.toString(bytes(v, Runtime.getRuntime().maxMemory()));
            case DURATION -> millis(v) + "ms";
            case FRACTION -> Double.toString(fraction(v));
            case WARMUP -> warmupText(v);
            case DESTINATION -> destination(v);
            case PATH -> path(v);
        };
    }

    /** The one line a bad {@code value} costs: {@code setting budget=lots: expected a size ...; the setting is ignored}. */
    public String problem(String value, String reason) {
        return problem(key, value, reason);
    }

    /** The same line for any key, a mistyped one too. */
    public static String problem(String key, String value, String reason) {
        return "setting " + shown(key) + "=" + shown(value) + ": " + reason + "; the setting is ignored";
    }

    /** The setting named {@code key}; throws with the list of known keys when there is none. */
    public static Setting named(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        List<String> known = new ArrayList<>();
        for (Setting s : values()) {
            known.add(s.key);
        }
        throw new IllegalArgumentException("unknown key (known: " + String.join(", ", known) + ")");
    }

    /** The setting named {@code key}, or null. */
    public static Setting find(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    String word(String v) {
        String lower = v.trim().toLowerCase(Locale.ROOT);
        if (words.contains(lower)) {
            return lower;
        }
        StringBuilder expected = new StringBuilder("expected ");
        for (int i = 0; i < words.size(); i++) {
            expected.append(i == 0 ? "" : i == words.size() - 1 ? " or " : ", ").append(words.get(i));
        }
        throw new IllegalArgumentException(expected.toString());
    }

    long count(String v) {
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected a whole number " + (max == Integer.MAX_VALUE
                ? "of at least " + min : "from " + min + " to " + max) + ", e.g. " + defaultValue);
    }

    long bytes(String v, long maxHeap) {
        return Sizes.bytes(v, noHeapShare, maxHeap);
    }

    static long millis(String v) {
        return Durations.millis(v);
    }

    static double fraction(String v) {
        try {
            double f = Double.parseDouble(v.trim());
            if (f >= 0 && f <= 1) {
                return f;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected a fraction of the max heap from 0 to 1, e.g. 0.25");
    }

    private static String warmupText(String v) {
        List<String> entries = new ArrayList<>();
        for (WarmupEntry e : WarmupEntry.parseAll(v)) {
            entries.add(e.toString());
        }
        return String.join(";", entries);
    }

    static String destination(String v) {
        String lower = v.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("stderr") || lower.equals("logger") || lower.equals("off")) {
            return lower;
        }
        if (v.isBlank() || v.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("expected stderr, logger, off or a file path");
        }
        // Said now, not when the JVM exits: by then the run a user wanted the summary of is over.
        java.io.File parent = new java.io.File(v.trim()).getAbsoluteFile().getParentFile();
        if (parent != null && !parent.isDirectory()) {
            throw new IllegalArgumentException("the directory " + parent + " does not exist");
        }
        return v.trim();
    }

    private static String path(String v) {
        if (v.isBlank() || v.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("expected a directory path");
        }
        return v.trim();
    }

    /** {@code text} in quotes, cut to a readable length. */
    static String quoted(String text) {
        return "'" + shown(text) + "'";
    }

    /**
     * What the user wrote, echoed on one short line: a 1 MB value pasted by mistake costs one short log line, and
     * control characters cannot forge further lines.
     */
    static String shown(String text) {
        String cut = text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO - 20) + "... ("
                + text.length() + " characters)";
        StringBuilder clean = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            clean.append(Character.isISOControl(c) ? '?' : c);
        }
        return clean.toString();
    }
}
