package dev.autopool.it;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a child JVM did: its exit code, stdout, stderr, wall time and peak RSS, and parsers for the two lines
 * the suite reads: the app's {@code RESULT key=value ...} and the runtime's {@code autopool SUMMARY key=value ...}.
 */
public record ChildRun(List<String> command, int exitCode, String stdout, String stderr, long wallMs,
                       long peakRssKb) {

    /** The {@code key=value} fields of the last line starting with {@code RESULT}. */
    public Map<String, String> result() {
        String line = stdout.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no RESULT line in the child's output:\n" + this));
        return fields(line.substring("RESULT ".length()));
    }

    /** A numeric field of the {@code RESULT} line; fails naming the line when the field is missing. */
    public double number(String key) {
        String value = result().get(key);
        if (value == null) {
            throw new IllegalStateException("the RESULT line has no '" + key + "=': " + result());
        }
        return Double.parseDouble(value);
    }

    /** The log lines starting with the given tag, e.g. {@code autopool LEAK}, from either stream. */
    public List<String> lines(String tag) {
        return (stdout + "\n" + stderr).lines().map(l -> l.replaceFirst("^[A-Z]+: ", ""))
                .filter(l -> l.startsWith(tag)).collect(Collectors.toList());
    }

    /** The fields of the runtime's {@code autopool SUMMARY} line (pools and tracking totals). */
    public Map<String, String> summary() {
        return counters("autopool SUMMARY");
    }

    /** A counter of the {@code autopool SUMMARY} line; fails naming the line when the counter is missing. */
    public long summaryCount(String key) {
        return count("autopool SUMMARY", key);
    }

    /**
     * The {@code key=value} fields of the last line tagged exactly {@code tag} (so {@code autopool ONNX} is not
     * {@code autopool ONNX-SHAPE}), e.g. the ONNX tensor pool's own summary.
     */
    public Map<String, String> counters(String tag) {
        String line = lines(tag + " ").stream().reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no '" + tag + "' line:\n" + this));
        return fields(line.substring(tag.length()));
    }

    /** One counter of the last line tagged {@code tag}; fails naming the line when the counter is missing. */
    public long count(String tag, String key) {
        String value = counters(tag).get(key);
        if (value == null) {
            throw new IllegalStateException("the '" + tag + "' line has no '" + key + "=': " + counters(tag));
        }
        return Long.parseLong(value);
    }

    /**
     * Buffers and tensors the runtime found leaked: the {@code leaks=} counters of its summaries (one report line
     * stands for every leak at its site), or the number of {@code autopool LEAK} lines where no summary says.
     */
    public long leaksFound() {
        long counted = 0;
        boolean anyCounter = false;
        for (String tag : List.of("autopool SUMMARY", "autopool ONNX")) {
            if (!lines(tag + " ").isEmpty() && counters(tag).containsKey("leaks")) {
                counted += count(tag, "leaks");
                anyCounter = true;
            }
        }
        return anyCounter ? counted : lines("autopool LEAK").size();
    }

    private static Map<String, String> fields(String words) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String word : words.trim().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) fields.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return fields;
    }

    @Override
    public String toString() {
        return "command: " + String.join(" ", command) + "\nexit: " + exitCode + " after " + wallMs + " ms"
                + "\n--- stdout\n" + tail(stdout) + "\n--- stderr\n" + tail(stderr);
    }

    /** Enough of a stream to diagnose a failure without flooding the test report. */
    private static String tail(String text) {
        int max = 20_000;
        return text.length() <= max ? text : "[... " + (text.length() - max) + " chars ...]\n"
                + text.substring(text.length() - max);
    }
}
