package dev.autopool.agent.analysis;

import java.util.Arrays;

/**
 * What a method does with each argument (the receiver counts as argument 0 of an instance method), and whether
 * every value it returns is a fresh borrow that nothing else holds.
 */
record CalleeSummary(Effect[] effects, String[] reasons, boolean returnsBorrow) {

    /** A method the analysis cannot see or prove: every argument may escape, for the reason given. */
    static CalleeSummary unknown(int arguments, String reason) {
        Effect[] effects = new Effect[arguments];
        String[] reasons = new String[arguments];
        Arrays.fill(effects, Effect.ESCAPES);
        Arrays.fill(reasons, reason);
        return new CalleeSummary(effects, reasons, false);
    }

    static CalleeSummary harmless(int arguments) {
        Effect[] effects = new Effect[arguments];
        Arrays.fill(effects, Effect.HARMLESS);
        return new CalleeSummary(effects, new String[arguments], false);
    }

    Effect effect(int argument) {
        return effects[argument];
    }

    String reason(int argument) {
        return reasons[argument];
    }
}
