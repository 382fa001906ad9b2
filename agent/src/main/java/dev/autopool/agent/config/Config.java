package dev.autopool.agent.config;

import java.util.List;
import java.util.Map;

/** The parsed configuration: valid rules, settings (file first, agent arguments on top) and the problems found. */
public record Config(List<Rule> rules, Map<String, String> settings, List<Problem> problems) {
    public Config {
        rules = List.copyOf(rules);
        settings = Map.copyOf(settings);
        problems = List.copyOf(problems);
    }
}
