package dev.autopool.agent.rewrite;

import dev.autopool.agent.config.Config;
import dev.autopool.agent.config.Rule;
import java.util.List;

/** The rules that rewrite call sites, looked up per call instruction while a class is rewritten. */
public final class RewritePlan {
    private final List<Rule> callRules;

    private RewritePlan(List<Rule> callRules) {
        this.callRules = List.copyOf(callRules);
    }

    public static RewritePlan of(Config config) {
        return new RewritePlan(config.rules());
    }

    public boolean isEmpty() {
        return callRules.isEmpty();
    }

    /** The rule that names the called method, or null. */
    Rule ruleFor(String owner, String name, String descriptor) {
        for (Rule rule : callRules) {
            if (rule.method().matches(owner, name, descriptor)) {
                return rule;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return callRules.size() + " call rule(s)";
    }
}
