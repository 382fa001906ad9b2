package dev.autopool.agent.config;

import dev.autopool.runtime.settings.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** A {@code #} that starts a word (words are split at {@code \s}: spaces, tabs) begins a comment. */
    private static final Pattern COMMENT = Pattern.compile("(?:^|\\s)#");
    /** 1-D {@code new} arrays smaller than this stay plain {@code new} unless the rule says otherwise. */
    public static final int DEFAULT_MIN_BYTES = 16 * 1024;

    private ConfigParser() {}

    public static Config parse(String source, List<String> lines) {
        return parse(source, lines, Map.of());
    }

    /** Parses the rules file as read from disk: UTF-8, and a line that is not costs that line alone. */
    public static Config parse(String source, byte[] content) {
        Utf8Lines text = Utf8Lines.split(content);
        return parse(source, text.lines(), text.undecodable());
    }

    private static Config parse(String source, List<String> lines, Map<Integer, String> undecodable) {
        List<Rule> rules = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String encoding = undecodable.get(i);
            if (encoding != null) {
                problems.add(new ConfigProblem(source, number, encoding + "; the line is ignored"));
                continue;
            }
            String raw = i == 0 ? withoutByteOrderMark(lines.get(i)) : lines.get(i);
            String line = stripComment(raw).trim();
            if (line.isEmpty()) continue;
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
                            + Quoted.of(earlier.options().toString()) + ")";
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

    /**
     * As {@link #putSetting}, for a line of the rules file: a key an earlier line of the file set already is an
     * error naming that line (the first value stays, as for a repeated rule), not a silent last-one-wins.
     */
    private static void putSettingOnce(String key, String value, Map<String, String> settings,
                                       Map<String, String> origins, List<ConfigProblem> problems, String source,
                                       int line) {
        String canonical;
        try {
            Setting setting = Setting.named(key);
            canonical = setting.key();
            setting.canonical(value);
        } catch (IllegalArgumentException e) {
            putSetting(key, value, settings, origins, problems, source, line); // says what is wrong with it
            return;
        }
        String earlier = origins.get(canonical);
        if (earlier != null) {
            problems.add(new ConfigProblem(source, line, Quoted.of(canonical) + " is set again (first at " + earlier
                    + ", to " + settings.get(canonical) + "); the first value stays and this one is ignored"));
            return;
        }
        putSetting(key, value, settings, origins, problems, source, line);
    }

    private static void parseLine(String line, String source, int number, List<Rule> rules,
                                  Map<String, String> settings, Map<String, String> origins,
                                  List<ConfigProblem> problems) {
        String[] words = line.split("\\s+");
        String kind = words[0].toLowerCase(Locale.ROOT);
        if (kind.equals("set")) {
            if (words.length < 2) throw new IllegalArgumentException("'set' needs key=value");
            // Every word is read before any setting applies: a line reported as ignored must change nothing. (A
            // well-formed key=value whose value is wrong costs that setting alone, and its message says so.)
            Map<String, String> given = options(words, 1, "setting");
            for (Map.Entry<String, String> kv : given.entrySet()) {
                putSettingOnce(kv.getKey(), kv.getValue(), settings, origins, problems, source, number);
            }
            return;
        }
        if (kind.equals("onnx")) {
            // The built-in ONNX tensor rule's switch: "onnx off" is "set onnx=off".
            if (words.length != 2) throw new IllegalArgumentException("'onnx' takes one word, on or off (e.g. 'onnx off')");
            putSettingOnce(Setting.ONNX.key(), words[1], settings, origins, problems, source, number);
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
        Map<String, String> options = options(words, end + 1, "option");
        for (String key : options.keySet()) {
            if (!OPTIONS.get(ruleKind).contains(key)) {
                throw new IllegalArgumentException("'" + kind + "' has no option " + Quoted.of(key)
                        + (OPTIONS.get(ruleKind).isEmpty() ? "" : " (it takes " + OPTIONS.get(ruleKind) + ")"));
            }
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

    /**
     * The {@code key=value} words from {@code words[from]} on, in order. A key given twice is an error, not last
     * wins: {@code dims=0,1 dims=1,0} has no meaning the user can be sure of.
     */
    private static Map<String, String> options(String[] words, int from, String what) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int w = from; w < words.length; w++) {
            Map.Entry<String, String> kv = option(words[w]);
            String earlier = options.putIfAbsent(kv.getKey(), kv.getValue());
            if (earlier != null) {
                throw new IllegalArgumentException(what + " " + Quoted.of(kv.getKey()) + " is given twice ("
                        + Quoted.of(kv.getKey() + "=" + earlier) + ", then " + Quoted.of(words[w]) + ")");
            }
        }
        return options;
    }

    private static Map.Entry<String, String> option(String word) {
        int eq = word.indexOf('=');
        if (eq <= 0 || eq == word.length() - 1) {
            throw new IllegalArgumentException("expected key=value, got " + Quoted.of(word));
        }
        return Map.entry(word.substring(0, eq), word.substring(eq + 1));
    }

    /**
     * The line without its comment: a {@code #} at the start or after any space or tab (the characters that
     * separate words). A {@code #} inside a word is part of it: {@code com.acme.M#f(int)}, {@code com.acme.Img#px}.
     */
    private static String stripComment(String line) {
        Matcher comment = COMMENT.matcher(line);
        return comment.find() ? line.substring(0, comment.start()) : line;
    }
}
