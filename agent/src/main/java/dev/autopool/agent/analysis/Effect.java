package dev.autopool.agent.analysis;

/** What a callee does with one of its reference parameters. */
enum Effect {
    /** Reads or writes elements only; the argument is not reachable from anywhere once the call returns. */
    HARMLESS,
    /** Returns the argument itself (and does nothing else with it). */
    RETURNED,
    /** Hands the argument back to the pool (unlike {@link Verdict.Kind#RELEASED_BY_AGENT}, where the agent does). */
    RELEASED_BY_CALLEE,
    /** Stores, leaks, or may leak the argument. */
    ESCAPES
}
