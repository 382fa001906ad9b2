package dev.autopool.runtime.settings;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one size grammar every size key and the {@code min-bytes} rule option accept: bytes with an optional binary
 * suffix ({@code 4096}, {@code 64k}, {@code 256m}, {@code 2g}, {@code 1t}, {@code 512MiB}, {@code 64kb}),
 * {@code off} for 0, and, only where the value caps something on the heap, a share of the max heap ({@code 25%}).
 */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHARE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");
    private static final String FORM = "expected a size: bytes with an optional k, m, g or t suffix (4096, 512k, "
            + "256m, 2g, 512MiB) or off";

    private Sizes() {}

    /**
     * The bytes {@code text} names. {@code heapShare} is null where a share of the heap makes sense (then
     * {@code 25%} is a quarter of {@code maxHeap}); otherwise it says why it does not, and {@code 25%} is refused
     * with that reason. Throws {@link IllegalArgumentException} with the reason for anything else.
     */
    public static long bytes(String text, String heapShare, long maxHeap) {
        String v = text.trim();
        if (v.equalsIgnoreCase("off")) {
            return 0;
        }
        Matcher share = SHARE.matcher(v);
        if (share.matches()) {
            if (heapShare != null) {
                throw new IllegalArgumentException("a share of the heap does not apply here: " + heapShare
                        + "; " + FORM);
            }
            double pct = Double.parseDouble(share.group(1));
            if (pct > 0 && pct <= 100) {
                return (long) (maxHeap * pct / 100);
            }
            throw new IllegalArgumentException("expected a share of the heap above 0% and at most 100%");
        }
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException(FORM + (heapShare == null ? ", or a share of the heap (25%)" : ""));
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("the size is too large", e);
        }
    }
}
