package dev.autopool.runtime.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code warmup} entry, {@code float[3][256][256]x4}: an element type, 1 to 4 positive dimensions and a count
 * (1 when not written). The agent checks the setting with it and the pools build their shapes from it.
 */
public record WarmupEntry(String element, List<Integer> dims, int count) {
    private static final Pattern FORM = Pattern.compile("(float|double|int|long|short|byte)\\s*((?:\\[\\s*\\d+\\s*]\\s*){1,4})"
            + "(?:x\\s*(\\d+))?");

    public WarmupEntry {
        dims = List.copyOf(dims);
    }

    /** Every entry of a {@code warmup} value ({@code ;} between entries); throws with the first bad one's reason. */
    public static List<WarmupEntry> parseAll(String value) {
        List<WarmupEntry> entries = new ArrayList<>();
        for (String item : value.split(";")) {
            if (!item.isBlank()) {
                entries.add(parse(item));
            }
        }
        return entries;
    }

    static WarmupEntry parse(String text) {
        String t = text.trim();
        Matcher m = FORM.matcher(t);
        if (m.matches()) {
            try {
                List<Integer> dims = new ArrayList<>();
                for (String d : m.group(2).replaceAll("[\\s\\[]", "").split("]")) {
                    dims.add(Integer.parseInt(d));
                }
                int count = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
                if (count > 0 && !dims.contains(0)) {
                    return new WarmupEntry(m.group(1), dims, count);
                }
            } catch (NumberFormatException e) {
                // a dimension or count too large: reported below
            }
        }
        throw new IllegalArgumentException("warm-up shape " + Setting.quoted(t) + " should look like float[3][256][256]x4"
                + " (float, double, int, long, short or byte; 1 to 4 positive dimensions; optional xCOUNT)");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(element);
        dims.forEach(d -> sb.append('[').append(d).append(']'));
        return sb.append('x').append(count).toString();
    }
}
