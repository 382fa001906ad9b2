package dev.autopool.agent.analysis;

import java.util.Set;

/**
 * What an automatic release reads at the moment it runs: the runtime guard of the verdict behind it. The agent
 * gives each method's releases one guard and clears it when any class the verdicts rest on changes.
 *
 * @param id      the runtime guard id the inserted release pushes ({@code 0}: always valid)
 * @param refusal when not null, why no release may rest on these classes at all (for {@code audit}); the
 *                verdicts are then left to the GC
 */
public record VerdictGuard(int id, String refusal) {
    /** For verdicts that need no guard, e.g. in {@code audit} and tests. */
    public static final VerdictGuard ALWAYS = new VerdictGuard(0, null);

    /** No release may rest on these classes, for {@code reason}. */
    public static VerdictGuard refused(String reason) {
        return new VerdictGuard(-1, reason);
    }

    /** Issues guards for the verdicts of one method. */
    @FunctionalInterface
    public interface Source {
        /**
         * A guard that stays valid while none of {@code dependsOn} changes, or a refusal. Called before the
         * releases are inserted; a guard issued for a method that is then left as it was is simply never read.
         */
        VerdictGuard guardFor(Set<ClassKey> dependsOn);

        /** Every verdict holds for good (tests and {@code audit}). */
        Source NONE = dependsOn -> ALWAYS;
    }
}
