package dev.autopool.agent.config;

import java.util.Map;

/** One validated configuration rule. */
public record Rule(Kind kind, MethodRef method, Map<String, String> options, String source, int line) {

    public enum Kind {
        /** Calls to a static matrix factory are served from the pool. */
        FACTORY,
        /** Calls to a method that ends an array's life hand the array back to the pool. */
        RELEASE
    }

    public Rule {
        options = Map.copyOf(options);
    }

    /** Where the rule was written, for reports: {@code autopool.conf:3}. */
    public String origin() {
        return source + ":" + line;
    }
}
