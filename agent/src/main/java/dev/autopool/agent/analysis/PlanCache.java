package dev.autopool.agent.analysis;

import org.objectweb.asm.tree.MethodNode;

/**
 * Method plans remembered from an earlier analysis of the same code (see {@link VerdictCache}). A remembered plan
 * stands in for the analysis only: what it rests on is looked up again in the {@link CodeBase} of this rewrite, and
 * its guards and refusals are issued exactly as for a fresh one.
 */
public interface PlanCache {
    /** The plan of {@code method} of kind {@code kind}, or null when none is remembered or it no longer holds. */
    EscapeAnalysis.MethodPlan find(String kind, MethodNode method, CodeBase code);

    /** Remembers a fresh plan (ignored when it waited for names not linked yet: a later analysis may prove more). */
    void remember(String kind, MethodNode method, EscapeAnalysis.MethodPlan plan, CodeBase code);

    /** Remembers nothing. */
    PlanCache NONE = new PlanCache() {
        @Override
        public EscapeAnalysis.MethodPlan find(String kind, MethodNode method, CodeBase code) {
            return null;
        }

        @Override
        public void remember(String kind, MethodNode method, EscapeAnalysis.MethodPlan plan, CodeBase code) {}
    };
}
