package dev.autopool.agent.rewrite;

import dev.autopool.agent.config.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules, indexed the way rewrites look them up: call rules by the called method's owner, lifecycle rules by
 * their class, {@code arrays} rules by scope. It also answers the cheap question asked of every loading class:
 * could any rule apply to it at all?
 */
public final class RewritePlan {
    private final List<Rule> rules;
    private final Map<String, List<Rule>> callRulesByOwner = new HashMap<>();
    private final Map<String, List<Rule>> lifecycleByOwner = new HashMap<>();
    private final List<Rule> arrays = new ArrayList<>();
    private final Map<String, List<Rule>> ownedByOwner = new HashMap<>();
    /** Each {@code arrays} and {@code owned} rule's {@code min-bytes}, parsed once instead of at every {@code new}. */
    private final Map<Rule, Long> minBytes = new java.util.IdentityHashMap<>();

    private RewritePlan(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        for (Rule rule : rules) {
            switch (rule.kind()) {
                case FACTORY, RELEASE -> add(callRulesByOwner, rule);
                case LIFECYCLE -> add(lifecycleByOwner, rule);
                case ARRAYS -> arrays.add(rule);
                case OWNED -> ownedByOwner.computeIfAbsent(rule.scope().internalPrefix(), k -> new ArrayList<>())
                        .add(rule);
            }
            if (rule.kind() == Rule.Kind.ARRAYS || rule.kind() == Rule.Kind.OWNED) {
                minBytes.put(rule, rule.minBytes());
            }
        }
    }

    /** {@link Rule#minBytes()} of one of this plan's {@code arrays} or {@code owned} rules. */
    public long minBytes(Rule rule) {
        Long parsed = minBytes.get(rule);
        return parsed != null ? parsed : rule.minBytes();
    }

    private static void add(Map<String, List<Rule>> byOwner, Rule rule) {
        List<Rule> rules = byOwner.get(rule.method().owner());
        if (rules == null) byOwner.put(rule.method().owner(), rules = new ArrayList<>());
        rules.add(rule);
    }

    public static RewritePlan of(List<Rule> rules) {
        return new RewritePlan(rules);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Internal names whose mention in a class's constant pool means a call rule may apply there. */
    public Set<String> callOwners() {
        return new HashSet<>(callRulesByOwner.keySet());
    }

    /** Classes named by any method rule: when one loads, the rule's method is checked to exist. */
    public Set<String> ruleOwners() {
        Set<String> owners = callOwners();
        owners.addAll(lifecycleByOwner.keySet());
        owners.addAll(ownedByOwner.keySet());
        return owners;
    }

    /** Whether rules other than call rules select this class by its name alone. */
    public boolean selectsByName(String internalName) {
        return lifecycleByOwner.containsKey(internalName) || arraysRuleFor(internalName) != null
                || ownedByOwner.containsKey(internalName);
    }

    /** The factory or release rule naming the called method, or null. */
    public Rule callRuleFor(String owner, String name, String descriptor) {
        List<Rule> candidates = callRulesByOwner.get(owner);
        if (candidates == null) return null;
        for (Rule rule : candidates) {
            if (rule.method().matches(owner, name, descriptor)) return rule;
        }
        return null;
    }

    /** The lifecycle rules of this class (empty if none). */
    public List<Rule> lifecycleRules(String internalName) {
        return lifecycleByOwner.getOrDefault(internalName, List.of());
    }

    /** The {@code owned} rules naming a field of this class (empty if none). */
    public List<Rule> ownedRules(String internalName) {
        return ownedByOwner.getOrDefault(internalName, List.of());
    }

    /** Internal names of the classes {@code owned} rules name. */
    public Set<String> ownedOwners() {
        return new HashSet<>(ownedByOwner.keySet());
    }

    /** The first {@code arrays} rule whose scope covers this class, or null. */
    public Rule arraysRuleFor(String internalName) {
        for (Rule rule : arrays) {
            if (rule.scope().matches(internalName)) return rule;
        }
        return null;
    }

    @Override
    public String toString() {
        return rules.size() + " rule(s)";
    }
}
