package dev.autopool.agent.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Validated settings in their canonical text form, keyed by {@link Setting#key()}: what the agent hands to the
 * runtime at start-up. Immutable.
 */
public record Settings(Map<String, String> values) {
    public static final Settings NONE = new Settings(Map.of());

    public Settings {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Optional<String> get(Setting setting) {
        return Optional.ofNullable(values.get(setting.key()));
    }

    /** Where rewritten classes are dumped, if asked. */
    public Optional<Path> dumpDirectory() {
        String dir = values.get(Setting.DUMP.key());
        return dir == null ? Optional.empty() : Optional.of(Path.of(dir));
    }

    /** A copy with {@code setting} set to {@code value} (already canonical). */
    public Settings with(Setting setting, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(setting.key(), value);
        return new Settings(copy);
    }
}
