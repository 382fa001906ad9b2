package dev.autopool.agent.analysis;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Applies the escape analysis to methods: every provably local borrow gets its releases, guarded by a
 * {@link VerdictGuard} over the classes its verdict rests on, and a method that changed gets its frames extended
 * in place (instruction nodes other rewrites hold stay valid; no type is merged, no class is read). A method that
 * cannot be rewritten (too old a class file, a subroutine, ...) is restored exactly and its borrows are reported
 * as left to the GC; so are the borrows of a method whose verdicts the guard source refuses.
 */
public final class ReleaseInsertion {
    /** Supplies the instruction that pushes the site id of an inserted release; called once per release. */
    @FunctionalInterface
    public interface SitePush {
        LdcInsnNode push(Verdict borrow);
    }

    /**
     * The verdicts on one method's borrows, keyed by the borrowing instruction (a runtime factory call, or a
     * helper call handing out a fresh borrow), in code order; whether releases were inserted; and the names not
     * linked yet that kept some borrow from being proven (a later analysis may prove more).
     */
    public record Outcome(Map<AbstractInsnNode, Verdict> verdicts, boolean changed, Set<String> waitingFor) {}

    private ReleaseInsertion() {}

    /**
     * Rewrites every method of {@code owner} in place and returns every verdict reached (every verdict holds for
     * good: tests).
     *
     * @param releaseSite registers the site id an inserted release reports under (once per borrow)
     */
    public static List<Verdict> apply(ClassNode owner, EscapeAnalysis analysis, ToIntFunction<Verdict> releaseSite) {
        List<Verdict> verdicts = new ArrayList<>();
        Map<Verdict, Integer> ids = new IdentityHashMap<>();
        SitePush push = v -> new LdcInsnNode(ids.computeIfAbsent(v, releaseSite::applyAsInt));
        for (MethodNode method : owner.methods) {
            verdicts.addAll(rewrite(owner, method, analysis, VerdictGuard.Source.NONE, push, true).verdicts()
                    .values());
        }
        return verdicts;
    }

    /** As {@link #rewrite(ClassNode, MethodNode, EscapeAnalysis, VerdictGuard.Source, SitePush, boolean)}, without
     *  loan numbers (a runtime that has no {@code generation}). */
    public static Outcome rewrite(ClassNode owner, MethodNode method, EscapeAnalysis analysis,
                                  VerdictGuard.Source guards, SitePush sitePush) {
        return rewrite(owner, method, analysis, guards, sitePush, false);
    }

    /**
     * Judges one method's borrows and inserts the releases of those that never leave it. With {@code generations}
     * (the runtime has {@code Pools.generation}, {@code releaseLoan} and the {@code releaseLoan...IfValid} forms) every
     * inserted release, and every plain runtime release whose buffer has one known borrow here (a {@code release}
     * rule's call), names the loan it ends, so a stale one is refused. Loan numbers rest on this method's code
     * alone, so they are added even where the guards refuse the verdicts.
     */
    public static Outcome rewrite(ClassNode owner, MethodNode method, EscapeAnalysis analysis,
                                  VerdictGuard.Source guards, SitePush sitePush, boolean generations) {
        return rewrite(owner, method, analysis, guards, sitePush, generations, names -> false);
    }

    /** Why no release can be inserted into {@code method} of a class file of {@code classVersion}, or null. */
    public static String unfit(int classVersion, MethodNode method) {
        return HiddenLocalFrames.unfit(classVersion, method);
    }

    /** At most this many times a method is judged again after {@code linkNow} linked some names it waited for. */
    static final int MAX_LINK_ROUNDS = 3;

    /**
     * As {@link #rewrite(ClassNode, MethodNode, EscapeAnalysis, VerdictGuard.Source, SitePush, boolean)}; when
     * some verdict waits for names not linked yet, {@code linkNow} may have them linked now (answering true if
     * it linked any), and the method is judged again, so its first version is already final.
     */
    public static Outcome rewrite(ClassNode owner, MethodNode method, EscapeAnalysis analysis,
                                  VerdictGuard.Source guards, SitePush sitePush, boolean generations,
                                  Predicate<Set<String>> linkNow) {
        EscapeAnalysis.MethodPlan plan = analysis.plan(owner.name, owner.sourceFile, method);
        for (int round = 0; round < MAX_LINK_ROUNDS && !plan.waitingFor().isEmpty()
                && linkNow.test(plan.waitingFor()); round++) {
            plan = analysis.plan(owner.name, owner.sourceFile, method);
        }
        List<BorrowPlan> plans = plan.plans();
        List<BorrowPlan> released = List.of(); // most methods have no borrow: no stream, no list per method
        for (BorrowPlan p : plans) {
            if (p.verdict().kind() == Verdict.Kind.RELEASED_BY_AGENT) {
                if (released.isEmpty()) released = new ArrayList<>(plans.size());
                released.add(p);
            }
        }
        Map<AbstractInsnNode, AbstractInsnNode> loanReleases = generations ? plan.loanReleases() : Map.of();
        boolean anything = !released.isEmpty() || !loanReleases.isEmpty();
        String unfit = anything ? HiddenLocalFrames.unfit(owner.version, method) : null;
        String failure = released.isEmpty() ? null : unfit;
        VerdictGuard guard = null;
        if (!released.isEmpty() && failure == null) {
            guard = guards.guardFor(plan.dependsOn());
            failure = guard.refusal();
        }
        List<BorrowPlan> inserted = failure == null ? released : List.of();
        boolean changed = false;
        if (unfit == null && (!inserted.isEmpty() || !loanReleases.isEmpty())) {
            Snapshot before = new Snapshot(method);
            try {
                HiddenLocalReleases.insert(owner.name, method, inserted, analysis.rules().poolOwner(),
                        guard == null ? 0 : guard.id(), p -> sitePush.push(p.verdict()), loanReleases, generations);
                changed = true;
            } catch (RuntimeException e) {
                before.restore(method);
                if (!inserted.isEmpty()) {
                    failure = "the method could not be rewritten (" + e + ")";
                }
            }
        }
        // Instructions compare by identity; a method without borrows shares the one empty map.
        Map<AbstractInsnNode, Verdict> verdicts = plans.isEmpty() ? Map.of() : new LinkedHashMap<>();
        for (BorrowPlan p : plans) {
            Verdict v = p.verdict();
            verdicts.put(p.borrow(), failure != null && v.kind() == Verdict.Kind.RELEASED_BY_AGENT
                    ? new Verdict(v.className(), v.method(), v.file(), v.line(), v.site(), Verdict.Kind.NOT_PROVEN,
                            failure)
                    : v);
        }
        return new Outcome(verdicts, changed, plan.waitingFor());
    }

    /**
     * Inserts no release, only names loans: every plain runtime release of {@code method} whose buffer has one
     * known borrow here (a {@code release} rule's call) becomes {@code releaseLoan} with that borrow's loan number,
     * as {@link #rewrite} does with {@code generations}. This is all that runs under {@code auto-release=off}: loan
     * numbers rest on this method's code alone, not on a verdict, so they need neither the automatic release nor a
     * guard. Returns whether the method changed; a method that cannot take hidden locals is left as it was.
     */
    public static boolean numberLoans(ClassNode owner, MethodNode method, EscapeAnalysis analysis) {
        Map<AbstractInsnNode, AbstractInsnNode> loanReleases =
                analysis.plan(owner.name, owner.sourceFile, method).loanReleases();
        if (loanReleases.isEmpty() || HiddenLocalFrames.unfit(owner.version, method) != null) {
            return false;
        }
        Snapshot before = new Snapshot(method);
        try {
            HiddenLocalReleases.insert(owner.name, method, List.of(), analysis.rules().poolOwner(), 0, p -> {
                throw new IllegalStateException("no release is inserted here");
            }, loanReleases, true);
            return true;
        } catch (RuntimeException e) {
            before.restore(method);
            return false;
        }
    }

    /** The parts of a method release insertion changes, to put back if it fails half-way. */
    private static final class Snapshot {
        private final AbstractInsnNode[] code;
        private final List<TryCatchBlockNode> handlers;
        private final int maxStack;
        private final int maxLocals;
        private final Map<FrameNode, Object[]> frames = new IdentityHashMap<>();

        Snapshot(MethodNode m) {
            code = m.instructions.toArray();
            handlers = new ArrayList<>(m.tryCatchBlocks);
            maxStack = m.maxStack;
            maxLocals = m.maxLocals;
            for (AbstractInsnNode insn : code) {
                if (insn instanceof FrameNode f) {
                    frames.put(f, new Object[] {f.type, f.local, f.stack});
                }
            }
        }

        @SuppressWarnings("unchecked")
        void restore(MethodNode m) {
            // remove() unlinks each node (clear() would not), so the old nodes can be linked again in order.
            for (AbstractInsnNode insn : m.instructions.toArray()) {
                m.instructions.remove(insn);
            }
            for (AbstractInsnNode insn : code) {
                m.instructions.add(insn);
            }
            frames.forEach((f, was) -> {
                f.type = (Integer) was[0];
                f.local = (List<Object>) was[1];
                f.stack = (List<Object>) was[2];
            });
            m.tryCatchBlocks = new ArrayList<>(handlers);
            m.maxStack = maxStack;
            m.maxLocals = maxLocals;
        }
    }
}
