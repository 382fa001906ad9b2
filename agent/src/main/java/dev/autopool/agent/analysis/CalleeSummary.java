package dev.autopool.agent.analysis;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * What a method does with each argument (the receiver counts as argument 0 of an instance method), whether every
 * value it returns is a fresh borrow that nothing else holds, which classes' code the answer rests on, and which
 * names it could not read only because they are not linked yet.
 *
 * @param dependsOn  every class whose bytes (or, for the allowlist, whose known behaviour) the summary relied on:
 *                   if one of them changes, a verdict built on this summary no longer holds
 * @param waitingFor names not linked yet when the summary was made (a summary with any is never cached)
 */
record CalleeSummary(Effect[] effects, String[] reasons, boolean returnsBorrow, Set<ClassKey> dependsOn,
                     Set<String> waitingFor) {

    /** A method the analysis cannot see or prove: every argument may escape, for the reason given. */
    static CalleeSummary unknown(int arguments, String reason) {
        return unknown(arguments, reason, Set.of(), Set.of());
    }

    static CalleeSummary unknown(int arguments, String reason, Set<ClassKey> dependsOn, Set<String> waitingFor) {
        Effect[] effects = new Effect[arguments];
        String[] reasons = new String[arguments];
        Arrays.fill(effects, Effect.ESCAPES);
        Arrays.fill(reasons, reason);
        return new CalleeSummary(effects, reasons, false, Set.copyOf(dependsOn), Set.copyOf(waitingFor));
    }

    /** Keeps nothing, relying on what is known of {@code owner}'s code. */
    static CalleeSummary harmless(int arguments, Set<ClassKey> dependsOn) {
        Effect[] effects = new Effect[arguments];
        Arrays.fill(effects, Effect.HARMLESS);
        return new CalleeSummary(effects, new String[arguments], false, Set.copyOf(dependsOn), Set.of());
    }

    /** This summary, also resting on {@code more}. */
    CalleeSummary alsoDependingOn(Set<ClassKey> more) {
        Set<ClassKey> all = new HashSet<>(dependsOn);
        all.addAll(more);
        return new CalleeSummary(effects, reasons, returnsBorrow, Set.copyOf(all), waitingFor);
    }

    Effect effect(int argument) {
        return effects[argument];
    }

    String reason(int argument) {
        return reasons[argument];
    }
}
