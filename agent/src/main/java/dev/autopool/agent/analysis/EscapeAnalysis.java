package dev.autopool.agent.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * Judges every borrow of a method: released by the agent where it dies, released by the app, escaping (with the
 * reason), or left to the GC. Reads callees only from a {@link CodeBase} (the code the JVM links, as far as the
 * agent knows it) and never loads a class. Thread-safe; callee summaries are shared across methods through a
 * {@link SummaryCache}.
 */
public final class EscapeAnalysis {
    /** Larger methods are not analysed (their borrows are left to the GC): the analysis is quadratic at worst. */
    static final int MAX_INSTRUCTIONS = 20_000;

    private final BorrowRules rules;
    private final Callees callees;
    private final CodeBase code;
    private final PlanCache remembered;

    /** Over a fixed set of class files, every one of them counting as linked ({@code audit}, tests). */
    public EscapeAnalysis(BorrowRules rules, Function<String, byte[]> classFiles) {
        this(rules, CodeBase.ofClassFiles(classFiles), new SummaryCache());
    }

    /** Over the code {@code code} knows, sharing summaries through {@code cache}. */
    public EscapeAnalysis(BorrowRules rules, CodeBase code, SummaryCache cache) {
        this(rules, code, cache, PlanCache.NONE);
    }

    /** As above, with plans remembered from an earlier run standing in for the analysis where they still hold. */
    public EscapeAnalysis(BorrowRules rules, CodeBase code, SummaryCache cache, PlanCache remembered) {
        this.rules = rules;
        this.code = code;
        this.remembered = remembered;
        this.callees = new ClassFileCallees(code, rules, cache);
    }

    /**
     * The borrows of one method with what their verdicts rest on.
     *
     * @param dependsOn  the classes whose code the verdicts rely on (callees, super classes, allowlisted JDK
     *                   classes); a {@link Verdict.Kind#RELEASED_BY_AGENT} verdict holds only while none of them changes
     * @param waitingFor names that were not linked yet: once they are, a new analysis may prove more
     * @param loanReleases the runtime's plain releases ({@code release(Object, int)}, what a {@code release} rule's
     *                   call becomes) whose buffer is sure to be the one the keyed borrow last handed out, each
     *                   with that borrow: they may name its loan (see {@link #loanOf})
     */
    public record MethodPlan(List<BorrowPlan> plans, Set<ClassKey> dependsOn, Set<String> waitingFor,
                             Map<AbstractInsnNode, AbstractInsnNode> loanReleases) {
        static final MethodPlan NONE = new MethodPlan(List.of(), Set.of(), Set.of(), Map.of());
    }

    public BorrowRules rules() {
        return rules;
    }

    /** The verdict on each borrow of {@code method} of class {@code owner} (internal name), in code order. */
    public List<Verdict> verdicts(String owner, String sourceFile, MethodNode method) {
        return plan(owner, sourceFile, method).plans().stream().map(BorrowPlan::verdict).toList();
    }

    /**
     * The verdicts on the arrays that {@code allocations} ({@code NEWARRAY} or {@code MULTIANEWARRAY} of
     * primitives, or calls such as an ONNX output's {@code getValue()}) would create if each were a borrow: what
     * an {@code arrays} rule asks before it pools a {@code new}. An allocation is worth pooling when its verdict is {@link Verdict.Kind#RELEASED_BY_AGENT} (this
     * analysis brings it home once it is a borrow) or {@link Verdict.Kind#RELEASED_BY_APP}. The verdict on each
     * allocation does not depend on which others are pooled.
     */
    public Map<AbstractInsnNode, Verdict> allocationVerdicts(String owner, String sourceFile, MethodNode method,
                                                             Predicate<AbstractInsnNode> allocations) {
        return allocationVerdicts(allocationPlan(owner, sourceFile, method, allocations), allocations);
    }

    /**
     * The verdicts on the allocations of an {@link #allocationPlan} made with the same {@code allocations}. An
     * allocation whose earlier arrays may still be in use when it runs again (a double buffer kept across loop
     * turns) is not one the agent brings home: only its last array would go home, so pooling it would turn the
     * others into leak reports and misses.
     */
    public static Map<AbstractInsnNode, Verdict> allocationVerdicts(MethodPlan plan,
                                                                    Predicate<AbstractInsnNode> allocations) {
        Map<AbstractInsnNode, Verdict> verdicts = new java.util.IdentityHashMap<>();
        for (BorrowPlan p : plan.plans()) {
            if (allocations.test(p.borrow())) {
                Verdict v = p.verdict();
                if (v.kind() == Verdict.Kind.RELEASED_BY_AGENT && !p.releaseBeforeReborrow()) {
                    v = new Verdict(v.className(), v.method(), v.file(), v.line(), v.site(), Verdict.Kind.NOT_PROVEN,
                            KEPT_ACROSS_REUSE, v.restsOn());
                }
                verdicts.put(p.borrow(), v);
            }
        }
        return verdicts;
    }

    /** Why an allocation kept across its own next run stays plain. */
    static final String KEPT_ACROSS_REUSE = "an earlier array from here may still be in use when it runs again"
            + " (kept across loop turns), so not every one would come home";

    /** Why an allocation the app releases on some paths only stays plain (the release's place follows). */
    static final String APP_RELEASE_NOT_ON_EVERY_PATH = "not every array from here comes home (pooled, the others"
            + " would be left to the GC and reported as leaks): handed to a release method at ";

    /** The analysis behind {@link #allocationVerdicts}, with what it rests on. */
    public MethodPlan allocationPlan(String owner, String sourceFile, MethodNode method,
                                     Predicate<AbstractInsnNode> allocations) {
        return plan(owner, sourceFile, method, allocations, true);
    }

    /**
     * As {@link #allocationPlan(String, String, MethodNode, Predicate)}; when the plan waits for names not linked
     * yet, {@code linkNow} may have them linked now (answering true if it linked any), and the method is judged
     * again (as {@link ReleaseInsertion} does for borrows), so an {@code arrays} rule's first rewrite is already
     * final and the class needs no relink.
     */
    public MethodPlan allocationPlan(String owner, String sourceFile, MethodNode method,
                                     Predicate<AbstractInsnNode> allocations, Predicate<Set<String>> linkNow) {
        MethodPlan plan = allocationPlan(owner, sourceFile, method, allocations);
        for (int round = 0; round < ReleaseInsertion.MAX_LINK_ROUNDS && !plan.waitingFor().isEmpty()
                && linkNow.test(plan.waitingFor()); round++) {
            plan = allocationPlan(owner, sourceFile, method, allocations);
        }
        return plan;
    }

    /** One plan per borrow; only {@link Verdict.Kind#RELEASED_BY_AGENT} plans ask for code. */
    MethodPlan plan(String owner, String sourceFile, MethodNode method) {
        return plan(owner, sourceFile, method, insn -> false, false);
    }

    @SuppressWarnings("ReferenceEquality") // NONE is the one "could not analyse" answer, by identity
    private MethodPlan plan(String owner, String sourceFile, MethodNode method,
                            Predicate<AbstractInsnNode> allocations, boolean anyMethod) {
        if ((!anyMethod && !mayBorrow(method)) || method.instructions.size() > MAX_INSTRUCTIONS) {
            return MethodPlan.NONE;
        }
        // Only the analysis is skipped on a hit: the caller asks for guards and refusals over what the plan rests on.
        String kind = anyMethod ? "allocations" : "borrows";
        MethodPlan known = remembered.find(kind, method, code);
        if (known != null) {
            return placed(known, owner, method);
        }
        MethodPlan fresh = analyse(owner, sourceFile, method, allocations);
        if (fresh != MethodPlan.NONE) {
            remembered.remember(kind, method, fresh, code);
        }
        return fresh;
    }

    /** A remembered plan with its verdicts named as this rewrite names them (class, site ids of this run). */
    private MethodPlan placed(MethodPlan plan, String owner, MethodNode method) {
        String className = owner.replace('/', '.');
        List<BorrowPlan> plans = new ArrayList<>();
        for (BorrowPlan p : plan.plans()) {
            Verdict v = p.verdict();
            plans.add(new BorrowPlan(p.borrow(), p.releaseBeforeReborrow(), new Verdict(className, method.name,
                    v.file(), v.line(), siteOf(p.borrow()), v.kind(), v.reason(), v.restsOn())));
        }
        return new MethodPlan(plans, plan.dependsOn(), plan.waitingFor(), plan.loanReleases());
    }

    private MethodPlan analyse(String owner, String sourceFile, MethodNode method,
                               Predicate<AbstractInsnNode> allocations) {
        MethodAnalysis a;
        try {
            a = MethodAnalysis.ofBorrows(owner, sourceFile, method, rules, callees, allocations);
        } catch (AnalyzerException | RuntimeException e) {
            return MethodPlan.NONE; // cannot analyse: nothing is judged and nothing is added
        }
        String className = owner.replace('/', '.');
        List<BorrowPlan> plans = new ArrayList<>();
        for (Map.Entry<Integer, Source> e : a.log.borrows().entrySet()) {
            AbstractInsnNode insn = method.instructions.get(e.getKey());
            Source s = e.getValue();
            Verdict.Kind kind;
            String reason;
            boolean beforeReborrow = false;
            if (a.log.escapeOf(s) != null) {
                kind = Verdict.Kind.ESCAPES;
                reason = a.log.escapeOf(s);
            } else if (a.log.returnOf(s) != null) {
                kind = Verdict.Kind.ESCAPES;
                reason = "returned at " + a.log.returnOf(s);
            } else if (a.log.releaseOf(s) != null && allocations.test(insn)
                    && !a.appReleasesOnEveryPath(e.getKey(), s)) {
                // An allocation is pooled only if every array it makes comes home: the app's release must be
                // on every path (a factory's borrow, which the user declared pooled, is judged as it is).
                kind = Verdict.Kind.NOT_PROVEN;
                reason = APP_RELEASE_NOT_ON_EVERY_PATH + a.log.releaseOf(s) + " on some paths only";
            } else if (a.log.releaseOf(s) != null) {
                kind = Verdict.Kind.RELEASED_BY_APP;
                reason = "handed to a release method at " + a.log.releaseOf(s);
            } else if (method.name.equals("<init>") && e.getKey() <= ConstructorStart.superCallIndex(method)) {
                kind = Verdict.Kind.NOT_PROVEN;
                reason = "borrowed in a constructor before its super(...) call, where the agent adds no release";
            } else if (method.name.equals("<init>") && ConstructorStart.superCallIndex(method) < 0) {
                kind = Verdict.Kind.NOT_PROVEN;
                reason = "borrowed in a constructor whose super(...) call cannot be shown to run first (code before it"
                        + " branches or is covered by a handler), where the agent adds no release";
            } else {
                kind = Verdict.Kind.RELEASED_BY_AGENT;
                beforeReborrow = !a.isHeldAt(e.getKey(), s);
                reason = beforeReborrow ? "at every exit and before it is borrowed again"
                        : "at every exit (a previous buffer from here is still in use when it is borrowed again,"
                                + " so that one is left to the GC)";
            }
            Verdict v = new Verdict(className, method.name, a.lines.file(), a.lines.lineOf(insn), siteOf(insn),
                    kind, reason, otherClasses(a.log.restsOn(s), owner));
            plans.add(new BorrowPlan(insn, beforeReborrow, v));
        }
        return new MethodPlan(plans, Set.copyOf(a.log.dependsOn()), Set.copyOf(a.log.waitingFor()), loanReleases(a));
    }

    /** The plain runtime releases of this method whose buffer has one known loan (see {@link #loanOf}). */
    private Map<AbstractInsnNode, AbstractInsnNode> loanReleases(MethodAnalysis a) {
        Map<AbstractInsnNode, AbstractInsnNode> releases = Map.of(); // made at the first: most methods have none
        for (int i = 0; i < a.method.instructions.size(); i++) {
            AbstractInsnNode insn = a.method.instructions.get(i);
            if (insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESTATIC
                    && call.owner.equals(rules.poolOwner()) && call.name.equals("release")
                    && call.desc.equals(PLAIN_RELEASE)) {
                AbstractInsnNode borrow = loanOf(a, i, 1);
                if (borrow != null) {
                    if (releases.isEmpty()) releases = new java.util.IdentityHashMap<>(); // the default size, as before
                    releases.put(call, borrow);
                }
            }
        }
        return releases;
    }

    /** The descriptor of the runtime's plain release, {@code release(Object array, int site)}. */
    static final String PLAIN_RELEASE = "(Ljava/lang/Object;I)V";

    /**
     * The borrow whose latest buffer the value {@code below} slots under the top of the stack at instruction
     * {@code index} is, or null when that is not sure. Sure means: the value has a single origin, a borrow of
     * this method (the array itself, not a row), and nothing else (no null, no parameter, no field); and where
     * that borrow runs, no slot that is read later still holds an earlier buffer of it, so every buffer of it
     * read afterwards is the one it handed out last. A generation taken right after that borrow is then this
     * value's loan.
     */
    static AbstractInsnNode loanOf(MethodAnalysis a, int index, int below) {
        org.objectweb.asm.tree.analysis.Frame<PoolValue> f = a.frameAt(index);
        if (f == null || f.getStackSize() <= below) {
            return null;
        }
        PoolValue v = f.getStack(f.getStackSize() - 1 - below);
        if (v == null || v.mayBeUntracked() || v.origins().size() != 1) {
            return null;
        }
        Origin o = v.origins().iterator().next();
        if (o.depth() != 0 || o.source().kind() != Source.Kind.BORROW || a.isHeldAt(o.source().index(), o.source())) {
            return null;
        }
        return a.method.instructions.get(o.source().index());
    }

    /** The classes other than {@code owner} and the JDK's (known through the allowlist) among {@code classes}. */
    private static List<String> otherClasses(Set<ClassKey> classes, String owner) {
        if (classes.isEmpty()) {
            return List.of();
        }
        java.util.TreeSet<String> names = new java.util.TreeSet<>(); // distinct and sorted, with no stream per verdict
        for (ClassKey c : classes) {
            if (c.loader() != ClassKey.BOOT && !c.name().equals(owner)) {
                names.add(c.name().replace('/', '.'));
            }
        }
        return List.copyOf(names);
    }

    /** Only a runtime factory call, or a call to a helper that hands out a fresh borrow, borrows. */
    private boolean mayBorrow(MethodNode method) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode call && (rules.isBorrow(call, false)
                    || (returnsArray(call) && callees.mayHandOutBorrows(call.owner)
                            && callees.summaryOf(call, 0).returnsBorrow()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code call} returns an array (read from its descriptor, with no {@link Type} made per call). */
    static boolean returnsArray(MethodInsnNode call) {
        return call.desc.charAt(call.desc.indexOf(')') + 1) == '[';
    }

    /** The site id a rewritten borrow pushes as its last argument, or -1. */
    private int siteOf(AbstractInsnNode insn) {
        if (!(insn instanceof MethodInsnNode call) || !call.owner.equals(rules.poolOwner())) {
            return -1;
        }
        AbstractInsnNode prev = insn.getPrevious();
        if (prev instanceof LdcInsnNode ldc && ldc.cst instanceof Integer id) {
            return id;
        }
        if (prev instanceof IntInsnNode push && prev.getOpcode() != Opcodes.NEWARRAY) {
            return push.operand;
        }
        int op = prev == null ? -1 : prev.getOpcode();
        return op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5 ? op - Opcodes.ICONST_0 : -1;
    }
}
