package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.BorrowRules;
import dev.autopool.agent.analysis.LoaderAnalyses;
import dev.autopool.agent.analysis.ReleaseInsertion;
import dev.autopool.agent.analysis.Verdict;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Automatic release ({@code set auto-release=on}, the default): every borrow the escape analysis proves never
 * leaves its method goes home where it dies (see {@link ReleaseInsertion}). Runs after the rewrites that create
 * borrows, and records each borrow site's verdict for {@code audit}. As the {@link #homecoming()} of
 * {@code arrays} rules it says which {@code new} arrays it would bring home. Callees and supertypes are read as
 * class files of the rewritten class's loader; nothing is loaded.
 */
final class ScopeReleaseRewrite implements MethodRewrite {
    /** How inserted releases' sites are named in reports. */
    static final String RULE = "auto-release";

    private LoaderAnalyses analyses;
    private final Map<MethodNode, Map<AbstractInsnNode, Verdict>> allocationVerdicts = new WeakHashMap<>();

    @Override
    public boolean rewrite(ClassScope scope, MethodNode method) {
        LoaderAnalyses.ForLoader seen = analyses(scope).of(scope.loader());
        // Borrow sites by their call, found before releases are inserted between a site's push and its call.
        Map<AbstractInsnNode, PendingSite> borrowSites = new IdentityHashMap<>();
        for (AbstractInsnNode insn : method.instructions) {
            PendingSite site = insn.getOpcode() == Opcodes.INVOKESTATIC ? scope.pendingSite(insn.getPrevious()) : null;
            if (site != null) borrowSites.put(insn, site);
        }
        Map<Verdict, PendingSite> releaseSites = new IdentityHashMap<>();
        ReleaseInsertion.Outcome outcome = ReleaseInsertion.rewrite(scope.node(), method, seen.analysis(),
                seen.hierarchy(), v -> releaseSites.computeIfAbsent(v, b -> scope.agentSite(method, b.line(), RULE,
                        "release (automatic) of the borrow at line " + b.line())).push());
        outcome.verdicts().forEach((borrow, verdict) -> {
            PendingSite site = borrowSites.get(borrow);
            if (site != null) site.verdict(verdict.summary());
        });
        return outcome.changed();
    }

    /** Whether an {@code arrays} allocation would come home if pooled: released here or by the app. */
    ArrayHomecoming homecoming() {
        return (scope, method, allocation) -> {
            Verdict v = allocationVerdicts(scope, method).get(allocation);
            return v != null && (v.kind() == Verdict.Kind.RELEASED || v.kind() == Verdict.Kind.RELEASED_BY_APP);
        };
    }

    private Map<AbstractInsnNode, Verdict> allocationVerdicts(ClassScope scope, MethodNode method) {
        synchronized (allocationVerdicts) {
            Map<AbstractInsnNode, Verdict> verdicts = allocationVerdicts.get(method);
            if (verdicts == null) {
                verdicts = analyses(scope).of(scope.loader()).analysis().allocationVerdicts(scope.internalName(),
                        scope.node().sourceFile, method, ScopeReleaseRewrite::isAllocation);
                allocationVerdicts.put(method, verdicts);
            }
            return verdicts;
        }
    }

    private static boolean isAllocation(AbstractInsnNode insn) {
        return insn.getOpcode() == Opcodes.NEWARRAY || insn.getOpcode() == Opcodes.MULTIANEWARRAY
                || OnnxValueRewrite.isGetValue(insn);
    }

    /** The analyses, made on first use from the rewriter's plan and runtime API (the same for every class). */
    private synchronized LoaderAnalyses analyses(ClassScope scope) {
        if (analyses == null) {
            RuntimeApi api = scope.api();
            analyses = new LoaderAnalyses(BorrowRules.of(api.owner(), type -> api.factory(type) != null,
                    scope.plan().rules()));
        }
        return analyses;
    }
}
