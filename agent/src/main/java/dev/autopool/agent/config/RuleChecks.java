package dev.autopool.agent.config;

import dev.autopool.runtime.settings.Sizes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What each rule kind demands of its method and options, checked once when the line is read. */
final class RuleChecks {
    private RuleChecks() {}

    static void check(Rule rule) {
        String zero = rule.options().get("zero");
        if (zero != null && !zero.equals("true") && !zero.equals("false")) {
            throw new IllegalArgumentException("zero must be true or false, got " + Quoted.of(zero));
        }
        switch (rule.kind()) {
            case FACTORY -> checkFactory(rule);
            case RELEASE -> checkRelease(rule);
            case ARRAYS, OWNED -> {
                String min = rule.options().get("min-bytes");
                if (min != null) minBytes(min);
            }
            case LIFECYCLE -> { }
        }
    }

    /** The bytes of a {@code min-bytes=} option, in the size grammar every size setting takes. */
    static long minBytes(String value) {
        try {
            return Sizes.bytes(value, "min-bytes is the size of one array", 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option min-bytes=" + Quoted.of(value) + ": " + e.getMessage(), e);
        }
    }

    /** The parameter indexes, outermost dimension first, that a factory's dimensions come from. */
    static int[] dimensionArguments(Rule rule) {
        List<String> params = rule.method().parameterDescriptors();
        String dims = rule.options().get("dims");
        if (dims == null) {
            int[] all = new int[params.size()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        String[] parts = dims.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("dims must list parameter positions such as dims=1,0, got "
                        + Quoted.of(dims));
            }
        }
        return out;
    }

    private static void checkFactory(Rule rule) {
        List<String> params = rule.method().parameterDescriptors();
        int[] dims = dimensionArguments(rule);
        if (dims.length < 1 || dims.length > 4) {
            throw new IllegalArgumentException("a factory has 1 to 4 dimensions, " + rule.method() + " gives "
                    + dims.length + (rule.options().containsKey("dims") ? "" : "; name them with dims=..."));
        }
        Set<Integer> seen = new HashSet<>();
        for (int d : dims) {
            if (d < 0 || d >= params.size() || !params.get(d).equals("I") || !seen.add(d)) {
                throw new IllegalArgumentException("every dimension must be a distinct int parameter of "
                        + rule.method() + " (positions count from 0); add dims=... to say which");
            }
        }
    }

    private static void checkRelease(Rule rule) {
        List<String> params = rule.method().parameterDescriptors();
        int arg = arrayArgument(rule);
        if (arg < 0 || arg >= params.size() || !(params.get(arg).startsWith("[")
                || params.get(arg).equals("Ljava/lang/Object;"))) {
            throw new IllegalArgumentException(rule.method() + " takes no array parameter"
                    + (rule.options().containsKey("arg") ? " at position " + rule.options().get("arg") : "")
                    + "; a release method takes the array (or an Object) it ends");
        }
    }

    /** The position of the released array among the parameters: {@code arg=N}, else the first array or Object. */
    static int arrayArgument(Rule rule) {
        String arg = rule.options().get("arg");
        if (arg != null) {
            try {
                return Integer.parseInt(arg);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("arg must be a parameter position, got " + Quoted.of(arg));
            }
        }
        List<String> params = rule.method().parameterDescriptors();
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).startsWith("[")) return i;
        }
        return params.indexOf("Ljava/lang/Object;");
    }
}
