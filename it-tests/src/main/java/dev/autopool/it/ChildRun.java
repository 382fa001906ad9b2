package dev.autopool.it;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What a child JVM printed: its exit code, stdout, stderr, and the fields of its {@code RESULT} line. */
public record ChildRun(List<String> command, int exitCode, String stdout, String stderr) {

    /** The {@code key=value} fields of the last line starting with {@code RESULT}. */
    public Map<String, String> result() {
        String line = stdout.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no RESULT line in the child's output:\n" + this));
        Map<String, String> fields = new LinkedHashMap<>();
        for (String word : line.substring("RESULT ".length()).trim().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) fields.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return fields;
    }

    public double number(String key) {
        return Double.parseDouble(result().get(key));
    }

    /** The log lines starting with the given tag, e.g. {@code autopool LEAK}, from either stream. */
    public List<String> lines(String tag) {
        return (stdout + "\n" + stderr).lines().map(l -> l.replaceFirst("^[A-Z]+: ", ""))
                .filter(l -> l.startsWith(tag)).collect(Collectors.toList());
    }

    /** The fields of the runtime's {@code autopool SUMMARY} line. */
    public Map<String, String> summary() {
        String line = lines("autopool SUMMARY ").stream().reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no autopool SUMMARY line:\n" + this));
        Map<String, String> fields = new LinkedHashMap<>();
        for (String word : line.split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) fields.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return fields;
    }

    @Override
    public String toString() {
        return "command: " + String.join(" ", command) + "\nexit: " + exitCode + "\n--- stdout\n" + stdout
                + "\n--- stderr\n" + stderr;
    }
}
