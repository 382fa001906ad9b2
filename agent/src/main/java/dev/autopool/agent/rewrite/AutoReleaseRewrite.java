package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.ClassPlans;
import dev.autopool.agent.analysis.CodeBase;
import dev.autopool.agent.analysis.EscapeAnalysis;
import dev.autopool.agent.analysis.LoaderAnalyses;
import dev.autopool.agent.analysis.ReleaseInsertion;
import dev.autopool.agent.analysis.Verdict;
import dev.autopool.agent.analysis.VerdictCache;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Automatic release ({@code set auto-release=on}, the default): every borrow the escape analysis proves never
 * leaves its method goes home where it dies (see {@link ReleaseInsertion}). Runs after the rewrites that create
 * borrows, and records each borrow site's verdict for {@code audit}. As the {@link #homecoming()} of
 * {@code arrays} rules it says which {@code new} arrays it would bring home. Callees are only what the
 * {@link VerdictBasis} knows (in the running agent: classes the loader has linked, with bytes the agent saw
 * defined); each method's releases read a guard over the classes their verdicts rest on.
 */
final class AutoReleaseRewrite implements MethodRewrite {
    /** How inserted releases' sites are named in reports. */
    static final String RULE = "auto-release";

    private final VerdictBasis basis;
    /** Null: no verdicts kept across runs. */
    private final VerdictCache cache;
    private LoaderAnalyses analyses;
    private long summariesEpoch;
    /**
     * The allocation verdicts of one class rewrite, by method: kept by the {@link ClassScope}, so classes loading on
     * several threads at once never wait for each other's analysis (a map shared by all rewrites made them queue).
     */
    private static final class AllocationVerdicts extends IdentityHashMap<MethodNode, Map<AbstractInsnNode, Verdict>> {}

    AutoReleaseRewrite(VerdictBasis basis) {
        this(basis, null);
    }

    AutoReleaseRewrite(VerdictBasis basis, VerdictCache cache) {
        this.basis = basis;
        this.cache = cache;
    }

    /** Keeps the plans this rewrite of the class computed for the next run. */
    @Override
    public void afterClass(ClassScope scope) {
        if (cache != null) {
            plans(scope).save();
        }
    }

    /** The plans kept for this class's bytes, read at the first question (one per class rewrite). */
    private ClassPlans plans(ClassScope scope) {
        return scope.memo(ClassPlans.class,
                () -> cache.forClass(scope.internalName(), scope.classFile(), () -> codeBase(scope).loader()));
    }

    @Override
    public boolean rewrite(ClassScope scope, MethodNode method) {
        if (scope.api().releaseIfValid() == null) {
            return false; // a runtime without guarded releases: nothing is inserted
        }
        EscapeAnalysis analysis = analysis(scope);
        // Borrow sites by their call, found before releases are inserted between a site's push and its call.
        Map<AbstractInsnNode, PendingSite> borrowSites = Map.of(); // most methods have none: made at the first
        for (AbstractInsnNode insn : method.instructions) {
            PendingSite site = insn.getOpcode() == Opcodes.INVOKESTATIC ? scope.pendingSite(insn.getPrevious()) : null;
            if (site != null) {
                if (borrowSites.isEmpty()) borrowSites = new IdentityHashMap<>(4);
                borrowSites.put(insn, site);
            }
        }
        Map<AbstractInsnNode, PendingSite> sites = borrowSites;
        ReleaseSites releaseSites = new ReleaseSites(); // its map made at the first release: most methods have none
        ReleaseInsertion.Outcome outcome = ReleaseInsertion.rewrite(scope.node(), method, analysis,
                dependsOn -> basis.guardFor(scope.loader(), scope.internalName(), dependsOn),
                v -> releaseSites.of(v, b -> scope.agentSite(method, b.line(), RULE,
                        "release (automatic) of the borrow at line " + b.line())).push(),
                scope.api().numbersLoans(), linkNow(scope));
        outcome.verdicts().forEach((borrow, verdict) -> {
            PendingSite site = sites.get(borrow);
            if (site != null) site.verdict(basis.describe(verdict));
        });
        if (!outcome.waitingFor().isEmpty()) {
            basis.waitingFor(scope.loader(), scope.internalName(), outcome.waitingFor());
        }
        return outcome.changed();
    }

    /** The site of each borrow's inserted releases in one method, one site per borrow. */
    private static final class ReleaseSites {
        private Map<Verdict, PendingSite> byBorrow;

        PendingSite of(Verdict borrow, java.util.function.Function<Verdict, PendingSite> site) {
            if (byBorrow == null) byBorrow = new IdentityHashMap<>(4);
            return byBorrow.computeIfAbsent(borrow, site);
        }
    }

    /**
     * Whether an {@code arrays} allocation would come home if pooled: released here (on a basis the guards accept)
     * or by the app.
     */
    ArrayHomecoming homecoming() {
        return new ArrayHomecoming() {
            @Override
            public boolean comesHome(ClassScope scope, MethodNode method, AbstractInsnNode allocation) {
                Verdict v = allocationVerdicts(scope, method).get(allocation);
                return v != null && (v.kind() == Verdict.Kind.RELEASED_BY_AGENT || v.kind() == Verdict.Kind.RELEASED_BY_APP);
            }

            @Override
            public String whyNot(ClassScope scope, MethodNode method, AbstractInsnNode allocation) {
                Verdict v = allocationVerdicts(scope, method).get(allocation);
                return v == null ? "not analysed (the method is too large, or its verdicts rest on code not linked"
                        + " yet)" : basis.describe(v);
            }
        };
    }

    private Map<AbstractInsnNode, Verdict> allocationVerdicts(ClassScope scope, MethodNode method) {
        AllocationVerdicts allocationVerdicts = scope.memo(AllocationVerdicts.class, AllocationVerdicts::new);
        synchronized (allocationVerdicts) {
            Map<AbstractInsnNode, Verdict> verdicts = allocationVerdicts.get(method);
            if (verdicts == null) {
                EscapeAnalysis analysis = analysis(scope);
                EscapeAnalysis.MethodPlan plan = analysis.allocationPlan(scope.internalName(),
                        scope.node().sourceFile, method, AutoReleaseRewrite::isAllocation, linkNow(scope));
                verdicts = EscapeAnalysis.allocationVerdicts(plan, AutoReleaseRewrite::isAllocation);
                // A release that could not be inserted would leave every pooled array to the leak report.
                String refusal = verdicts.isEmpty() ? null : ReleaseInsertion.unfit(scope.node().version, method);
                if (refusal == null && !verdicts.isEmpty()) {
                    refusal = basis.refusal(scope.loader(), scope.internalName(), plan.dependsOn());
                }
                if (refusal != null) {
                    String why = refusal;
                    verdicts.replaceAll((insn, v) -> v.kind() != Verdict.Kind.RELEASED_BY_AGENT ? v
                            : new Verdict(v.className(), v.method(), v.file(), v.line(), v.site(),
                                    Verdict.Kind.NOT_PROVEN, why, v.restsOn()));
                }
                if (!plan.waitingFor().isEmpty()) {
                    basis.waitingFor(scope.loader(), scope.internalName(), plan.waitingFor());
                }
                allocationVerdicts.put(method, verdicts);
            }
            return verdicts;
        }
    }

    private static boolean isAllocation(AbstractInsnNode insn) {
        return insn.getOpcode() == Opcodes.NEWARRAY || insn.getOpcode() == Opcodes.MULTIANEWARRAY
                || OnnxValueRewrite.isGetValue(insn);
    }

    /** The basis's preloading of awaited callees, one per class rewrite (it keeps that rewrite's time budget). */
    private Predicate<Set<String>> linkNow(ClassScope scope) {
        return scope.memo(LinkNow.class, () -> new LinkNow(
                basis.linkNow(scope.loader(), scope.internalName(), scope.classFile()))).names();
    }

    /** A memo key for {@link #linkNow(ClassScope)}. */
    private record LinkNow(Predicate<Set<String>> names) {}

    /** The analysis of this class, over the code its loader links (one code base per class rewrite). */
    private EscapeAnalysis analysis(ClassScope scope) {
        // Kept by the scope, which lives for this one rewrite: the code base may hold loaders while it lasts.
        CodeBase code = codeBase(scope);
        LoaderAnalyses all = analyses(scope);
        long epoch = basis.epoch();
        synchronized (this) {
            if (epoch != summariesEpoch) {
                all.forgetSummaries();
                summariesEpoch = epoch;
            }
        }
        return cache == null ? all.of(code) : all.of(code, plans(scope));
    }

    /** The code this class's rewrite sees, one code base per class rewrite. */
    private CodeBase codeBase(ClassScope scope) {
        return scope.memo(CodeBase.class,
                () -> basis.codeBase(scope.loader(), scope.internalName(), scope.classFile()));
    }

    /** The analyses, made on first use from the rewriter's plan and runtime API (the same for every class). */
    private synchronized LoaderAnalyses analyses(ClassScope scope) {
        if (analyses == null) {
            analyses = scope.newAnalyses();
        }
        return analyses;
    }
}
