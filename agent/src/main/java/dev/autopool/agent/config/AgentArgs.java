package dev.autopool.agent.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's argument string, {@code config=PATH,leak=full,...}: {@code config} names the rules file; every
 * other key is a setting that overrides the file's.
 */
public record AgentArgs(String configPath, Map<String, String> settings) {

    public AgentArgs {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** Whether {@code config=PATH} names a rules file; without one only the built-in ONNX rule applies. */
    public boolean hasRulesFile() {
        return configPath != null && !configPath.isEmpty();
    }

    public static AgentArgs parse(String raw) {
        Map<String, String> settings = new LinkedHashMap<>();
        String config = null;
        if (raw != null && !raw.isBlank()) {
            for (String part : raw.split(",")) {
                String item = part.trim();
                if (item.isEmpty()) continue;
                int eq = item.indexOf('=');
                String key = eq < 0 ? item : item.substring(0, eq).trim();
                String value = eq < 0 ? "" : item.substring(eq + 1).trim();
                if (key.equals("config")) {
                    config = value;
                } else {
                    settings.put(key, value);
                }
            }
        }
        return new AgentArgs(config, settings);
    }
}
