package dev.autopool.agent.config;

import java.util.List;

/** The parsed configuration: valid rules, settings (file first, agent arguments on top) and the problems found. */
public record Config(List<Rule> rules, Settings settings, List<ConfigProblem> problems) {
    public Config {
        rules = List.copyOf(rules);
        problems = List.copyOf(problems);
    }
}
