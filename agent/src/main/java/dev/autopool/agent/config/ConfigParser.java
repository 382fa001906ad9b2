package dev.autopool.agent.config;

import dev.autopool.runtime.settings.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses the rules file: one rule per line, {@code KIND TARGET [key=value ...]}, {@code #} comments, and
 * {@code set key=value} settings. A bad line becomes a {@link ConfigProblem} naming the line; the other lines still
 * count.
 */
public final class ConfigParser {
    private static final Map<Rule.Kind, Set<String>> OPTIONS = Map.of(
            Rule.Kind.FACTORY, Set.of("dims", "zero"),
            Rule.Kind.RELEASE, Set.of("arg"),
            Rule.Kind.LIFECYCLE, Set.of(),
            Rule.Kind.ARRAYS, Set.of("min-bytes", "zero"),
            Rule.Kind.OWNED, Set.of("min-bytes", "zero"));
    /** 1-D {@code new} arrays smaller than this stay plain {@code new} unless the rule says otherwise. */
    public static final int DEFAULT_MIN_BYTES = 16 * 1024;

    private ConfigParser() {}

    public static Config parse(String source, List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String raw = i == 0 ? withoutByteOrderMark(lines.get(i)) : lines.get(i);
            String line = stripComment(raw).trim();
            if (line.isEmpty()) continue;
            int number = i + 1;
            try {
                parseLine(line, source, number, rules, settings, origins, problems);
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(source, number, e.getMessage() + "; the line is ignored"));
            }
        }
        return new Config(withoutRepeats(rules, problems), new Settings(settings, origins), problems);
    }

    /**
     * Drops a rule that names the same target as an earlier one: the same kind twice would leave one copy that
     * never matches (and is then wrongly called UNMATCHED), and a factory and a release of one method contradict
     * each other. The first one written wins, and the later line says which line it repeats.
     */
    private static List<Rule> withoutRepeats(List<Rule> rules, List<ConfigProblem> problems) {
        Map<String, Rule> byTarget = new LinkedHashMap<>();
        List<Rule> kept = new ArrayList<>();
        for (Rule rule : rules) {
            Rule earlier = byTarget.putIfAbsent(conflictKey(rule), rule);
            if (earlier == null) {
                kept.add(rule);
                continue;
            }
            String what = earlier.kind() != rule.kind()
                    ? "contradicts the " + kindName(earlier) + " rule for the same method at " + earlier.origin()
                    : earlier.options().equals(rule.options()) ? "repeats the rule at " + earlier.origin()
                    : "conflicts with the rule at " + earlier.origin() + " (same target, other options "
                            + earlier.options() + ")";
            problems.add(new ConfigProblem(rule.source(), rule.line(), kindName(rule) + " " + rule.target() + " " + what
                    + "; the line is ignored"));
        }
        return kept;
    }

    private static String conflictKey(Rule rule) {
        // A method may not be both a factory and a release; lifecycle and arrays rules have their own space.
        String space = switch (rule.kind()) {
            case FACTORY, RELEASE -> "call";
            case LIFECYCLE -> "lifecycle";
            case ARRAYS -> "arrays";
            case OWNED -> "owned";
        };
        return space + " " + rule.target();
    }

    private static String kindName(Rule rule) {
        return rule.kind().name().toLowerCase(Locale.ROOT);
    }

    /** Editors on Windows save UTF-8 with a byte-order mark; Java reads it as a character of the first line. */
    private static String withoutByteOrderMark(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /** Validates one {@code key=value} setting into {@code settings}, or records why it was dropped. */
    static void putSetting(String key, String value, Map<String, String> settings, Map<String, String> origins,
                           List<ConfigProblem> problems, String source, int line) {
        try {
            Setting setting = Setting.named(key);
            settings.put(setting.key(), setting.canonical(value));
            origins.put(setting.key(), new ConfigProblem(source, line, "").where());
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(source, line, Setting.problem(key, value, e.getMessage())));
        }
    }

    private static void parseLine(String line, String source, int number, List<Rule> rules,
                                  Map<String, String> settings, Map<String, String> origins,
                                  List<ConfigProblem> problems) {
        String[] words = line.split("\\s+");
        String kind = words[0].toLowerCase(Locale.ROOT);
        if (kind.equals("set")) {
            if (words.length < 2) throw new IllegalArgumentException("'set' needs key=value");
            for (int w = 1; w < words.length; w++) {
                Map.Entry<String, String> kv = option(words[w]);
                putSetting(kv.getKey(), kv.getValue(), settings, origins, problems, source, number);
            }
            return;
        }
        if (kind.equals("onnx")) {
            // The built-in ONNX tensor rule's switch: "onnx off" is "set onnx=off".
            if (words.length != 2) throw new IllegalArgumentException("'onnx' takes one word, on or off (e.g. 'onnx off')");
            putSetting(Setting.ONNX.key(), words[1], settings, origins, problems, source, number);
            return;
        }
        Rule.Kind ruleKind = switch (kind) {
            case "factory" -> Rule.Kind.FACTORY;
            case "release" -> Rule.Kind.RELEASE;
            case "lifecycle" -> Rule.Kind.LIFECYCLE;
            case "arrays" -> Rule.Kind.ARRAYS;
            case "owned" -> Rule.Kind.OWNED;
            default -> throw new IllegalArgumentException("unknown rule kind " + Quoted.of(words[0])
                    + " (expected factory, release, lifecycle, arrays, owned or set)");
        };
        if (words.length < 2) {
            throw new IllegalArgumentException("'" + kind + "' needs "
                    + (ruleKind == Rule.Kind.ARRAYS ? "a package pattern, e.g. com.acme.decoder.**"
                    : ruleKind == Rule.Kind.OWNED ? "a field, e.g. com.acme.Img#px"
                    : "a method, e.g. com.acme.Matrices#float3d(int,int,int)"));
        }
        // Method parameters may contain spaces after commas: rejoin up to the closing parenthesis.
        int end = 1;
        StringBuilder target = new StringBuilder(words[1]);
        if (ruleKind != Rule.Kind.ARRAYS && ruleKind != Rule.Kind.OWNED) {
            while (!target.toString().contains(")") && end + 1 < words.length) {
                target.append(words[++end]);
            }
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int w = end + 1; w < words.length; w++) {
            Map.Entry<String, String> kv = option(words[w]);
            if (!OPTIONS.get(ruleKind).contains(kv.getKey())) {
                throw new IllegalArgumentException("'" + kind + "' has no option " + Quoted.of(kv.getKey())
                        + (OPTIONS.get(ruleKind).isEmpty() ? "" : " (it takes " + OPTIONS.get(ruleKind) + ")"));
            }
            options.put(kv.getKey(), kv.getValue());
        }
        if (ruleKind == Rule.Kind.OWNED) {
            options.put(Rule.FIELD, ownedField(target.toString()));
            target.setLength(target.indexOf("#"));
        }
        Rule rule = ruleKind == Rule.Kind.ARRAYS || ruleKind == Rule.Kind.OWNED
                ? new Rule(ruleKind, null, ClassPattern.parse(target.toString()), options, source, number)
                : new Rule(ruleKind, MethodRef.parse(target.toString()), null, options, source, number);
        RuleChecks.check(rule);
        rules.add(rule);
    }

    /** The field of {@code com.acme.Img#px}; throws when the text is no class and field name. */
    private static String ownedField(String text) {
        int hash = text.indexOf('#');
        String field = hash < 0 ? "" : text.substring(hash + 1);
        if (hash <= 0 || field.isEmpty() || !Character.isJavaIdentifierStart(field.charAt(0))
                || !TypeNames.isIdentifier(field) || text.substring(0, hash).endsWith("*")) {
            throw new IllegalArgumentException("expected a field as Class#field, e.g. com.acme.Img#px, got "
                    + Quoted.of(text));
        }
        return field;
    }

    private static Map.Entry<String, String> option(String word) {
        int eq = word.indexOf('=');
        if (eq <= 0 || eq == word.length() - 1) {
            throw new IllegalArgumentException("expected key=value, got " + Quoted.of(word));
        }
        return Map.entry(word.substring(0, eq), word.substring(eq + 1));
    }

    private static String stripComment(String line) {
        int hash = line.indexOf(" #");
        if (line.stripLeading().startsWith("#")) return "";
        return hash < 0 ? line : line.substring(0, hash);
    }
}
