package dev.autopool.agent.rewrite;

import dev.autopool.agent.config.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Which rules have matched something, and why a rule could not apply somewhere (said once per rule and reason).
 * At shutdown, or at the end of {@code audit}, the rules that never matched are listed.
 */
public final class RuleUsage {
    private final List<Rule> rules;
    private final Set<Rule> matched = ConcurrentHashMap.newKeySet();
    private final Set<String> said = ConcurrentHashMap.newKeySet();
    private final Consumer<String> out;
    /** Only for {@code audit}: per rule, each {@code new} in its scope that stays plain, with why. */
    private final Map<Rule, List<String>> plain;
    /** Only for {@code audit}: per rule, each {@code new} in its scope under its min-bytes (so plain), with why. */
    private final Map<Rule, List<String>> small;

    /** {@code out} receives each "cannot apply" line, already tagged {@code autopool RULE}. */
    public RuleUsage(List<Rule> rules, Consumer<String> out) {
        this(rules, out, false);
    }

    /** With {@code keepPlainSites}, as {@code audit} asks, each big {@code new} that stays plain is kept with why. */
    public RuleUsage(List<Rule> rules, Consumer<String> out, boolean keepPlainSites) {
        this.rules = List.copyOf(rules);
        this.out = out;
        this.plain = keepPlainSites ? new ConcurrentHashMap<>() : null;
        this.small = keepPlainSites ? new ConcurrentHashMap<>() : null;
    }

    /** Whether {@link #stayedPlain} keeps anything (only in {@code audit}: the agent pays nothing for it). */
    public boolean keepsPlainSites() {
        return plain != null;
    }

    /** A {@code new} in the rule's scope at or above its min-bytes (or sized at run time) stays plain. */
    public void stayedPlain(Rule rule, String line) {
        if (plain != null) plain.computeIfAbsent(rule, r -> new CopyOnWriteArrayList<>()).add(line);
    }

    /** The plain {@code new}s kept for {@code rule}, in the order they were seen. */
    public List<String> plainSites(Rule rule) {
        return linesOf(plain, rule);
    }

    /** A {@code new} in the rule's scope of a constant size under its min-bytes stays plain. */
    public void stayedPlainUnderMinBytes(Rule rule, String line) {
        if (small != null) small.computeIfAbsent(rule, r -> new CopyOnWriteArrayList<>()).add(line);
    }

    /** The {@code new}s under min-bytes kept for {@code rule}, in the order they were seen. */
    public List<String> plainSitesUnderMinBytes(Rule rule) {
        return linesOf(small, rule);
    }

    private static List<String> linesOf(Map<Rule, List<String>> byRule, Rule rule) {
        List<String> lines = byRule == null ? null : byRule.get(rule);
        return lines == null ? List.of() : List.copyOf(lines);
    }

    public void matched(Rule rule) {
        matched.add(rule);
    }

    /** One line per rule and reason: the rule could not apply at some place, which is left as it was. */
    public void cannotApply(Rule rule, String reason) {
        if (said.add(rule.origin() + reason)) {
            out.accept("autopool RULE " + rule.origin() + ": " + rule.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " " + rule.target() + ": " + reason);
        }
    }

    /** The rules that matched nothing so far. */
    public List<Rule> unmatched() {
        List<Rule> out = new ArrayList<>();
        for (Rule r : rules) {
            if (!matched.contains(r)) out.add(r);
        }
        return out;
    }

    /** The line reporting a rule that never matched. */
    public static String unmatchedLine(Rule rule) {
        String hint = switch (rule.kind()) {
            case ARRAYS -> "no class in this scope allocated a poolable array that comes home";
            case LIFECYCLE -> "the class never loaded or has no such instance method";
            case OWNED -> "the class never loaded, or stored no new array into that field";
            default -> "no loaded class calls it; check the class name, method name and parameter types";
        };
        return "autopool UNMATCHED " + rule.origin() + ": " + rule.kind().name().toLowerCase(java.util.Locale.ROOT)
                + " " + rule.target() + " matched nothing (" + hint + nestedClassHint(rule) + ")";
    }

    /**
     * Java source writes a nested class {@code Outer.Inner}, the JVM {@code Outer$Inner}; a rule written the
     * first way names a package {@code Outer} that does not exist. Two capitalised names in a row are the tell.
     */
    static String nestedClassHint(Rule rule) {
        if (rule.method() == null && rule.scope().toString().endsWith("*")) return "";
        String name = rule.method() != null ? rule.method().owner().replace('/', '.') : rule.scope().toString();
        String[] parts = name.split("\\.");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (startsUpper(parts[i]) && startsUpper(parts[i + 1])) {
                String outer = String.join(".", java.util.Arrays.copyOfRange(parts, 0, i + 1));
                String inner = String.join("$", java.util.Arrays.copyOfRange(parts, i + 1, parts.length));
                return "; if " + parts[i + 1] + " is nested in " + parts[i] + ", write " + outer + "$" + inner;
            }
        }
        return "";
    }

    private static boolean startsUpper(String part) {
        return !part.isEmpty() && Character.isUpperCase(part.charAt(0));
    }
}
