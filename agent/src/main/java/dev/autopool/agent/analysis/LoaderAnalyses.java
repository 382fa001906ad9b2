package dev.autopool.agent.analysis;

/**
 * The analyses of one agent: its borrow rules and the callee summaries they share, keyed by loader id (never by
 * a loader, so nothing here keeps a loader alive). Each rewrite asks for an {@link EscapeAnalysis} over the
 * {@link CodeBase} of the class being rewritten.
 */
public final class LoaderAnalyses {
    private final BorrowRules rules;
    private final SummaryCache summaries = new SummaryCache();

    public LoaderAnalyses(BorrowRules rules) {
        this.rules = rules;
    }

    public BorrowRules rules() {
        return rules;
    }

    /** The analysis of a class whose names resolve in {@code code}. */
    public EscapeAnalysis of(CodeBase code) {
        return of(code, PlanCache.NONE);
    }

    /** As {@link #of(CodeBase)}, with the plans an earlier run remembered for the class (see {@link VerdictCache}). */
    public EscapeAnalysis of(CodeBase code, PlanCache remembered) {
        return new EscapeAnalysis(rules, code, summaries, remembered);
    }

    /** Forgets every cached summary: some class's code changed. */
    public void forgetSummaries() {
        summaries.clear();
    }
}
