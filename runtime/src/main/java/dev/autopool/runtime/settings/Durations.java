package dev.autopool.runtime.settings;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 0} or {@code off}. A bare
 * number other than 0 is refused: {@code report.interval} once took milliseconds and the other keys seconds, so
 * {@code 60000} would silently mean a minute to one reader and 16 hours to another.
 */
final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

    private Durations() {}

    /** The milliseconds {@code text} names, 0 for {@code off}; throws with the reason for anything else. */
    static long millis(String text) {
        String v = text.trim();
        if (v.equalsIgnoreCase("off")) {
            return 0;
        }
        Matcher m = DURATION.matcher(v);
        if (m.matches() && m.group(2) == null && !m.group(1).chars().allMatch(c -> c == '0')) {
            throw new IllegalArgumentException("a duration needs its unit: " + m.group(1) + "ms, " + m.group(1)
                    + "s or " + m.group(1) + "m (a bare number is taken only as 0)");
        }
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
                TimeUnit u = switch (unit) {
                    case "ms" -> TimeUnit.MILLISECONDS;
                    case "m" -> TimeUnit.MINUTES;
                    case "h" -> TimeUnit.HOURS;
                    default -> TimeUnit.SECONDS;
                };
                long millis = u.toMillis(n);
                if (millis < Long.MAX_VALUE / 1_000_000) {
                    return millis; // so that every reader may turn it into nanoseconds
                }
            } catch (NumberFormatException e) {
                // too many digits: reported below
            }
        }
        throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 5m or off");
    }
}
