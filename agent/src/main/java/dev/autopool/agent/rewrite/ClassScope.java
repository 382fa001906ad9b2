package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.BorrowRules;
import dev.autopool.agent.analysis.LoaderAnalyses;
import dev.autopool.agent.analysis.Lines;
import dev.autopool.agent.config.Rule;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/** The class being rewritten, as rewrites see it: its tree, the plan, the runtime API and its planned sites. */
public final class ClassScope {
    private final ClassNode node;
    private final RewritePlan plan;
    private final RuntimeApi api;
    private final RuleUsage usage;
    private final ClassLoader loader;
    private final byte[] classFile;
    private final Map<Class<?>, Object> memos = new java.util.HashMap<>();
    private final Map<LdcInsnNode, PendingSite> byPush = new IdentityHashMap<>();
    private final Map<MethodNode, List<PendingSite>> sites = new IdentityHashMap<>();
    private final Map<MethodNode, Map<AbstractInsnNode, Integer>> lines = new IdentityHashMap<>();
    private boolean firstDefinition = true;

    ClassScope(ClassNode node, RewritePlan plan, RuntimeApi api, RuleUsage usage, ClassLoader loader,
               byte[] classFile) {
        this.node = node;
        this.classFile = classFile;
        this.loader = loader;
        this.plan = plan;
        this.api = api;
        this.usage = usage;
    }

    public ClassNode node() {
        return node;
    }

    /**
     * Whether the class is being defined (false: a retransformation or redefinition of a class already running,
     * whose old code may still be on some thread's stack).
     */
    public boolean firstDefinition() {
        return firstDefinition;
    }

    void firstDefinition(boolean first) {
        this.firstDefinition = first;
    }

    /**
     * A fresh tree of the class as it was loaded, before any rewrite: for analyses that must see the app's own
     * code (and may change their copy).
     */
    public ClassNode original() {
        ClassNode fresh = new ClassNode();
        new org.objectweb.asm.ClassReader(classFile).accept(fresh, 0);
        return fresh;
    }

    /** The class's internal name, {@code com/acme/Foo}. */
    public String internalName() {
        return node.name;
    }

    public RewritePlan plan() {
        return plan;
    }

    /** Fresh analyses for this rewriter's rules and runtime API (the same for every class it rewrites). */
    LoaderAnalyses newAnalyses() {
        RuntimeApi api = api();
        return new LoaderAnalyses(BorrowRules.of(api.owner(), type -> api.factory(type) != null, plan().rules()));
    }

    public RuntimeApi api() {
        return api;
    }

    public RuleUsage usage() {
        return usage;
    }

    /**
     * The loader defining the class (null for the bootstrap loader): the loader whose linked classes the
     * automatic release may rely on (see {@link VerdictBasis}). Never load classes through it.
     */
    public ClassLoader loader() {
        return loader;
    }

    /** A value computed once per rewrite of this class, e.g. the code base its analysis reads. */
    @SuppressWarnings("unchecked")
    public synchronized <T> T memo(Class<T> key, java.util.function.Supplier<T> make) {
        return (T) memos.computeIfAbsent(key, k -> make.get());
    }

    /** The class file as it came in, before any rewrite: what its own methods are, as callees. */
    public byte[] classFile() {
        return classFile;
    }

    /** The planned site whose id {@code push} pushes, or null: how a later rewrite finds an earlier one's site. */
    public PendingSite pendingSite(AbstractInsnNode push) {
        return push instanceof LdcInsnNode ldc ? byPush.get(ldc) : null;
    }

    /**
     * Plans a site at {@code at} in {@code method} for {@code rule}; {@code action} says what the rewritten code
     * does there ({@code borrow float[][][]}, {@code release}, ...). Insert {@link PendingSite#push()} where the id
     * is needed. The rule counts as matched once the class is rewritten.
     */
    public PendingSite site(MethodNode method, AbstractInsnNode at, Rule rule, int flags, String action) {
        SiteInfo info = new SiteInfo(node.name.replace('/', '.'), method.name, node.sourceFile, line(method, at),
                rule.origin(), flags, action, null);
        PendingSite site = new PendingSite(info, byPush);
        List<PendingSite> planned = sites.get(method);
        if (planned == null) sites.put(method, planned = new ArrayList<>());
        planned.add(site);
        usage.matched(rule);
        return site;
    }

    /**
     * Plans a site the agent adds by itself, with no configuration rule behind it (an automatic release):
     * {@code ruleName} names it in reports, {@code line} is where it reports.
     */
    public PendingSite agentSite(MethodNode method, int line, String ruleName, String action) {
        SiteInfo info = new SiteInfo(node.name.replace('/', '.'), method.name, node.sourceFile, line, ruleName, 0,
                action, null);
        PendingSite site = new PendingSite(info, byPush);
        List<PendingSite> planned = sites.get(method);
        if (planned == null) sites.put(method, planned = new ArrayList<>());
        planned.add(site);
        return site;
    }

    /** A new local variable slot of {@code type} in {@code method}, above every slot the method uses. */
    public static int newLocal(MethodNode method, Type type) {
        int slot = method.maxLocals;
        method.maxLocals += type.getSize();
        return slot;
    }

    /** The source line of {@code insn} in {@code method}, from one pass over the method per class rewrite. */
    /** The place of {@code at} as reports name it: {@code com.acme.Foo.bar(Foo.java:12)}. */
    public String where(MethodNode method, AbstractInsnNode at) {
        return new SiteInfo(node.name.replace('/', '.'), method.name, node.sourceFile, line(method, at), "", 0, "",
                null).where();
    }

    private int line(MethodNode method, AbstractInsnNode insn) {
        Map<AbstractInsnNode, Integer> byInsn = lines.get(method);
        if (byInsn == null) {
            byInsn = new IdentityHashMap<>();
            int current = -1;
            for (AbstractInsnNode i : method.instructions) {
                if (i instanceof LineNumberNode ln) current = ln.line;
                byInsn.put(i, current);
            }
            lines.put(method, byInsn);
        }
        Integer line = byInsn.get(insn);
        return line != null ? line : Lines.before(insn); // an instruction a rewrite added
    }

    void forget(MethodNode method) {
        sites.remove(method);
    }

    /** Registers every planned site and writes the ids into the instructions that push them. */
    List<SiteInfo> commit(SiteRegistry registry) {
        List<SiteInfo> out = new ArrayList<>();
        Map<PendingSite, Integer> ordinals = ordinals();
        for (List<PendingSite> list : sites.values()) {
            for (PendingSite site : list) {
                SiteInfo info = site.info().withOrdinal(ordinals.getOrDefault(site, 0));
                site.assign(registry.register(info));
                out.add(info);
            }
        }
        return out;
    }

    /**
     * The sites that share their line with others of the same method name and rule (what names their JMX bean),
     * numbered 1, 2, ... in bytecode order: by method, then by where each is first pushed. Derived from the class
     * file alone, so the same class from another loader numbers its sites alike and they share beans again.
     */
    private Map<PendingSite, Integer> ordinals() {
        Map<String, List<PendingSite>> byLine = new java.util.LinkedHashMap<>();
        Map<PendingSite, long[]> order = new IdentityHashMap<>();
        for (int m = 0; m < node.methods.size(); m++) {
            MethodNode method = node.methods.get(m);
            List<PendingSite> planned = sites.get(method);
            if (planned == null) continue;
            for (PendingSite site : planned) {
                SiteInfo info = site.info();
                order.put(site, new long[] {m, site.position(method)});
                byLine.computeIfAbsent(info.method() + "(" + info.line() + ") " + info.rule(), k -> new ArrayList<>())
                        .add(site);
            }
        }
        Map<PendingSite, Integer> ordinals = new IdentityHashMap<>();
        for (List<PendingSite> shared : byLine.values()) {
            if (shared.size() < 2) continue;
            shared.sort(java.util.Comparator.comparingLong((PendingSite p) -> order.get(p)[0])
                    .thenComparingLong(p -> order.get(p)[1]));
            for (int i = 0; i < shared.size(); i++) ordinals.put(shared.get(i), i + 1);
        }
        return ordinals;
    }
}
