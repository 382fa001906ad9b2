package dev.autopool.runtime.settings;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The runtime's reader of {@code key=value} settings: each part of the runtime takes its keys' typed values from
 * here, with the grammar {@link Setting} declares. An absent key gives the caller's default; a bad value gives it
 * too, after one {@link Setting#problem problem line} to {@code problems}.
 */
public final class SettingValues {
    private final Map<String, String> values;
    private final long maxHeap;
    private final Consumer<String> problems;

    /** {@code maxHeap} is what a share of the heap ({@code budget=25%}) is a share of. */
    public SettingValues(Map<String, String> values, long maxHeap, Consumer<String> problems) {
        this.values = values;
        this.maxHeap = maxHeap;
        this.problems = problems;
    }

    /** Whether {@code setting} is given at all (with a good value or a bad one). */
    public boolean has(Setting setting) {
        return values.get(setting.key()) != null;
    }

    /** A size key's bytes. */
    public long bytes(Setting setting, long dflt) {
        String v = values.get(setting.key());
        if (v == null) return dflt;
        try {
            return setting.bytes(v, maxHeap);
        } catch (IllegalArgumentException e) {
            return bad(setting, v, e, dflt);
        }
    }

    /** A count key's number. */
    public long count(Setting setting, long dflt) {
        String v = values.get(setting.key());
        if (v == null) return dflt;
        try {
            return setting.count(v);
        } catch (IllegalArgumentException e) {
            return bad(setting, v, e, dflt);
        }
    }

    /** A duration key's milliseconds (0 for {@code off}). */
    public long millis(Setting setting, long dflt) {
        String v = values.get(setting.key());
        if (v == null) return dflt;
        try {
            return Setting.millis(v);
        } catch (IllegalArgumentException e) {
            return bad(setting, v, e, dflt);
        }
    }

    /** A fraction key's value. */
    public double fraction(Setting setting, double dflt) {
        String v = values.get(setting.key());
        if (v == null) return dflt;
        try {
            return Setting.fraction(v);
        } catch (IllegalArgumentException e) {
            problems.accept(setting.problem(v, e.getMessage()));
            return dflt;
        }
    }

    /** A word key's value, lower-case; or a destination's ({@code stderr}, {@code logger}, {@code off}, a path). */
    public String word(Setting setting, String dflt) {
        String v = values.get(setting.key());
        if (v == null) return dflt;
        try {
            return setting.canonical(v);
        } catch (IllegalArgumentException e) {
            problems.accept(setting.problem(v, e.getMessage()));
            return dflt;
        }
    }

    /** The warm-up entries; none when absent or when one of them is bad. */
    public List<WarmupEntry> warmup(Setting setting) {
        String v = values.get(setting.key());
        if (v == null) return List.of();
        try {
            return WarmupEntry.parseAll(v);
        } catch (IllegalArgumentException e) {
            problems.accept(setting.problem(v, e.getMessage()));
            return List.of();
        }
    }

    /** Reports every key that no part of autopool knows. */
    public void reportUnknownKeys() {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (Setting.find(e.getKey()) == null) {
                try {
                    Setting.named(e.getKey());
                } catch (IllegalArgumentException unknown) {
                    problems.accept(Setting.problem(e.getKey(), String.valueOf(e.getValue()), unknown.getMessage()));
                }
            }
        }
    }

    private long bad(Setting setting, String value, IllegalArgumentException e, long dflt) {
        problems.accept(setting.problem(value, e.getMessage()));
        return dflt;
    }
}
