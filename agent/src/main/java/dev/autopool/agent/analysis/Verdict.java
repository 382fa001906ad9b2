package dev.autopool.agent.analysis;

/**
 * What the analysis concluded about one borrow site of one method, and why: the unit {@code audit} prints and
 * the rewrite acts on.
 *
 * @param className the class, dotted ({@code com.acme.Frame})
 * @param site      the runtime site id of the borrow, or -1 when the borrow carries none (a helper call)
 * @param reason    for {@link Kind#ESCAPES}, how the value leaves, e.g. {@code stored to field `Frame.buffer` at
 *                  Frame.java:941}; for the other kinds a short description
 * @param restsOn   the other classes (dotted, sorted; never the JDK's, never its own) whose code the verdict read
 *                  through the callees the value was handed to: the running agent reaches the same verdict only
 *                  once they are linked, {@code audit} says so
 */
public record Verdict(String className, String method, String file, int line, int site, Kind kind, String reason,
                      java.util.List<String> restsOn) {

    public Verdict {
        restsOn = java.util.List.copyOf(restsOn);
    }

    /** A verdict that rests on no other class's code. */
    public Verdict(String className, String method, String file, int line, int site, Kind kind, String reason) {
        this(className, method, file, line, site, kind, reason, java.util.List.of());
    }

    /** The verdict kinds, from "the agent brings it home" to "the GC and the leak report do". */
    public enum Kind {
        /** Provably never leaves its method: the agent releases it where it dies. */
        RELEASED_BY_AGENT,
        /** The app hands it to a configured release method (or one the analysis read): nothing is added. */
        RELEASED_BY_APP,
        /** May leave its method; left to the GC (and so to the leak report). */
        ESCAPES,
        /** Does not leave, but the agent does not insert releases here; left to the GC. */
        NOT_PROVEN
    }

    /** {@code com.acme.Frame.decode(Frame.java:12)}, as a stack trace names it. */
    public String where() {
        return SiteText.of(className, method, file, line);
    }

    @Override
    public String toString() {
        return where() + " " + summary();
    }

    /** The verdict without the place: {@code escapes: stored to field `Frame.buffer` at Frame.java:941}. */
    public String summary() {
        return switch (kind) {
            case RELEASED_BY_AGENT -> "released where it dies: " + reason;
            case RELEASED_BY_APP -> "released by the app: " + reason;
            case ESCAPES -> "escapes: " + reason;
            case NOT_PROVEN -> "left to the GC: " + reason;
        };
    }
}
