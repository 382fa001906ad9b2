package dev.autopool.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's argument string, {@code config=PATH,leak=full,...}: {@code config} names the rules file; every
 * other key is a setting that overrides the file's. {@link #problems()} holds what was wrong with the string
 * itself (the settings' values are checked later, with the file's).
 */
public record AgentArgs(String configPath, Map<String, String> settings, List<ConfigProblem> problems) {
    /** How problems name the argument string, which has no lines. */
    static final String SOURCE = "agent arguments";

    public AgentArgs {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        problems = List.copyOf(problems);
    }

    public AgentArgs(String configPath, Map<String, String> settings) {
        this(configPath, settings, List.of());
    }

    /** Whether {@code config=PATH} names a rules file; without one only the built-in ONNX rule applies. */
    public boolean hasRulesFile() {
        return configPath != null && !configPath.isEmpty();
    }

    public static AgentArgs parse(String raw) {
        Map<String, String> settings = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        String config = null;
        if (raw != null && !raw.isBlank()) {
            for (String part : raw.split(",")) {
                String item = part.trim();
                if (item.isEmpty()) continue;
                int eq = item.indexOf('=');
                String key = eq < 0 ? item : item.substring(0, eq).trim();
                String value = eq < 0 ? "" : item.substring(eq + 1).trim();
                if (!key.equals("config")) {
                    settings.put(key, value);
                } else if (config == null) {
                    config = value;
                } else if (!config.equals(value)) {
                    // The first one stays, as the first of two rules for one method does in the rules file; the
                    // user must hear that the other file is not read, or its rules just seem not to work.
                    problems.add(new ConfigProblem(SOURCE, 0, "config= is given twice (" + Quoted.of(config)
                            + ", then " + Quoted.of(value) + "); the rules come from " + Quoted.of(config)
                            + " alone, " + Quoted.of(value) + " is not read"));
                }
            }
        }
        return new AgentArgs(config, settings, problems);
    }
}
