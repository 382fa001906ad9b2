package dev.autopool.agent.config;

import dev.autopool.runtime.settings.Setting;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Validated settings in their canonical text form, keyed by {@link Setting#key()}: what the agent hands to the
 * runtime at start-up, and where each was written ({@code app.conf:4}, {@code agent arguments}), so that a value
 * the runtime rejects is reported at its line too. Immutable.
 */
public record Settings(Map<String, String> values, Map<String, String> origins) {
    public static final Settings NONE = new Settings(Map.of());

    public Settings {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
    }

    /** Settings whose origin is not known (tests, defaults). */
    public Settings(Map<String, String> values) {
        this(values, Map.of());
    }

    /** Where {@code key} was set, as a report names it: {@code app.conf:4}, {@code agent arguments}, or null. */
    public String originOf(String key) {
        return origins.get(key);
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
        return new Settings(copy, origins);
    }
}
