package dev.autopool.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One warm-up entry, {@code float[3][256][256]x4}: an element type, 1 to 4 dimensions and a count. */
public record WarmupShape(String element, List<Integer> dims, int count) {
    private static final Set<String> ELEMENTS = Set.of("float", "double", "int", "long", "short", "byte");

    public WarmupShape {
        dims = List.copyOf(dims);
    }

    public static WarmupShape parse(String text) {
        String shape = text;
        int count = 1;
        int x = text.lastIndexOf(']') + 1;
        if (x > 0 && x < text.length()) {
            if (text.charAt(x) != 'x') throw bad(text);
            shape = text.substring(0, x).trim();
            count = positive(text.substring(x + 1).trim(), text);
        }
        int open = shape.indexOf('[');
        String element = open < 0 ? shape : shape.substring(0, open).trim();
        if (!ELEMENTS.contains(element) || !shape.endsWith("]")) {
            throw bad(text);
        }
        List<Integer> dims = new ArrayList<>();
        for (String d : shape.substring(open + 1, shape.length() - 1).split("\\]\\s*\\[", -1)) {
            dims.add(positive(d.trim(), text));
        }
        if (dims.size() > 4) throw bad(text);
        return new WarmupShape(element, dims, count);
    }

    private static int positive(String s, String whole) {
        try {
            int n = Integer.parseInt(s);
            if (n > 0) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw bad(whole);
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("warm-up shape " + Quoted.of(text) + " should look like float[3][256][256]x4"
                + " (float, double, int, long, short or byte; 1 to 4 positive dimensions; optional xCOUNT)");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(element);
        dims.forEach(d -> sb.append('[').append(d).append(']'));
        return sb.append('x').append(count).toString();
    }
}
