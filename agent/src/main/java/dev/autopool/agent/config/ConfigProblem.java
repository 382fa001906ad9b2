package dev.autopool.agent.config;

/** Something wrong with the configuration: where it is and why the rule was dropped. */
public record ConfigProblem(String source, int line, String reason) {

    /** The one log line a user sees, e.g. {@code autopool CONFIG app.conf:3: unknown rule kind 'factori' ...}. */
    public String message() {
        return "autopool CONFIG " + where() + ": " + reason;
    }

    /** {@code app.conf:3}, or the source alone when there is no line ({@code agent arguments}). */
    public String where() {
        return line > 0 ? source + ":" + line : source;
    }
}
