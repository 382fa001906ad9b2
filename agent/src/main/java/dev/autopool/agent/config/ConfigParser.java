package dev.autopool.agent.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the rules file: one rule per line, {@code KIND Class#method(types) [key=value ...]}, {@code #} comments,
 * and {@code set key=value} settings. A bad line becomes a {@link Problem} naming the line; the other lines
 * still count.
 */
public final class ConfigParser {
    private ConfigParser() {}

    public static Config parse(String source, List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i)).trim();
            if (line.isEmpty()) continue;
            int number = i + 1;
            try {
                parseLine(line, source, number, rules, settings);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(source, number, e.getMessage() + "; the line is ignored"));
            }
        }
        return new Config(rules, settings, problems);
    }

    private static void parseLine(String line, String source, int number, List<Rule> rules,
                                  Map<String, String> settings) {
        String[] words = line.split("\\s+");
        String kind = words[0].toLowerCase(Locale.ROOT);
        if (kind.equals("set")) {
            if (words.length < 2) throw new IllegalArgumentException("'set' needs key=value");
            for (int w = 1; w < words.length; w++) {
                Map.Entry<String, String> kv = option(words[w]);
                settings.put(kv.getKey(), kv.getValue());
            }
            return;
        }
        if (kind.equals("onnx")) {
            // The built-in ONNX tensor rule's switch: "onnx off" is "set onnx=off".
            String value = words.length == 2 ? words[1].toLowerCase(Locale.ROOT) : "";
            if (!value.equals("on") && !value.equals("off")) {
                throw new IllegalArgumentException("'onnx' takes one word, on or off (e.g. 'onnx off')");
            }
            settings.put("onnx", value);
            return;
        }
        Rule.Kind ruleKind = switch (kind) {
            case "factory" -> Rule.Kind.FACTORY;
            case "release" -> Rule.Kind.RELEASE;
            default -> throw new IllegalArgumentException(
                    "unknown rule kind '" + words[0] + "' (expected factory, release or set)");
        };
        if (words.length < 2) {
            throw new IllegalArgumentException("'" + kind + "' needs a method, e.g. com.acme.Matrices#float3d(int,int,int)");
        }
        // Method parameters may contain spaces after commas: rejoin up to the closing parenthesis.
        int end = 1;
        StringBuilder method = new StringBuilder(words[1]);
        while (!method.toString().contains(")") && end + 1 < words.length) {
            method.append(words[++end]);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int w = end + 1; w < words.length; w++) {
            Map.Entry<String, String> kv = option(words[w]);
            options.put(kv.getKey(), kv.getValue());
        }
        rules.add(new Rule(ruleKind, MethodRef.parse(method.toString()), options, source, number));
    }

    private static Map.Entry<String, String> option(String word) {
        int eq = word.indexOf('=');
        if (eq <= 0 || eq == word.length() - 1) {
            throw new IllegalArgumentException("expected key=value, got '" + word + "'");
        }
        return Map.entry(word.substring(0, eq), word.substring(eq + 1));
    }

    private static String stripComment(String line) {
        int hash = line.indexOf(" #");
        if (line.startsWith("#")) return "";
        return hash < 0 ? line : line.substring(0, hash);
    }
}
