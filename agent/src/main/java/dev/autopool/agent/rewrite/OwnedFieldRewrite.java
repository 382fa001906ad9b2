package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.ClassKey;
import dev.autopool.agent.analysis.CodeBase;
import dev.autopool.agent.analysis.EscapeAnalysis;
import dev.autopool.agent.analysis.LoaderAnalyses;
import dev.autopool.agent.analysis.OwnerFences;
import dev.autopool.agent.config.Rule;
import dev.autopool.runtime.Sites;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * {@code owned} rules ({@code owned com.acme.Img#px}): a {@code new} array stored into that private field of a class
 * with no close method is borrowed, and goes home when its owner is collected ({@code Pools.ownedStore}, a
 * {@code Cleaner} whose action holds the array, never the owner). Three parts:
 * <ul>
 *   <li><b>The owner</b>, when it is defined: {@link OwnedOwner} decides whether the field qualifies; if so, every
 *       store into the field gets {@code Pools.ownedStore(owner, value, previous, GUARD, SITE)} just before it (the
 *       {@code new} right before a store becomes a borrow with that site; any other store binds nothing, and the
 *       buffer it overwrites goes to the GC).</li>
 *   <li><b>Every read</b>, in any class the agent sees defined: a {@code getfield} of the field in the owner, and
 *       every call of an owner method that returns an array and takes no argument (a getter, as far as anyone can
 *       know before the owner is defined). A read whose value dies in its method keeps its owner reachable to the
 *       end of the value's use ({@link OwnerFences}); any other read is a keeper.</li>
 *   <li><b>Keepers</b> ({@link OwnedField}): one found before the owner is defined gets the rule refused with a line
 *       naming it; one found later clears the field's guard in that class's load callback, before its code runs,
 *       so no buffer goes home from then on.</li>
 * </ul>
 * A class whose rewrite is thrown away ({@link #abandoned}) loses its fences, so it counts as a keeper of every
 * field it read.
 */
final class OwnedFieldRewrite implements MethodRewrite {
    /** How {@code owned} stores' sites read in reports, after the rule. */
    static final String ACTION = "borrow (owned) ";

    private final VerdictBasis basis;
    private final Map<Rule, OwnedField> fields = new ConcurrentHashMap<>();
    /** Per defining loader (held weakly), the classes with reads whose definition this rewrite saw. */
    private final Map<ClassLoader, Set<String>> defined = new java.util.WeakHashMap<>();
    private LoaderAnalyses analyses;

    OwnedFieldRewrite(VerdictBasis basis) {
        this.basis = basis;
    }

    /** What one rewrite of one class knows: the owner decisions, the reads it inserted itself, the fields it read. */
    static final class ClassState {
        final Map<String, OwnedOwner.Accepted> accepted = new HashMap<>();
        final Set<AbstractInsnNode> inserted = Collections.newSetFromMap(new IdentityHashMap<>());
        final Set<OwnedField> fenced = new HashSet<>();
    }

    @Override
    public void beforeClass(ClassScope scope) {
        List<Rule> rules = scope.plan().ownedRules(scope.internalName());
        if (rules.isEmpty()) return;
        ClassState state = state(scope);
        for (Rule rule : rules) {
            OwnedField field = field(rule);
            OwnedOwner.Decision d = OwnedOwner.judge(scope, field, analysis(scope), basis);
            scope.usage().matched(rule); // judged: the line below says how
            if (d.refusal() != null) {
                scope.usage().cannotApply(rule, "stays plain: " + d.refusal());
            } else {
                state.accepted.put(field.name(), d.accepted());
                if (scope.usage().keepsPlainSites()) { // audit: the verdict of an accepted rule too
                    scope.usage().cannotApply(rule, "pooled: " + d.accepted().describe());
                }
            }
        }
    }

    @Override
    public boolean rewrite(ClassScope scope, MethodNode method) {
        Set<String> owners = scope.plan().ownedOwners();
        if (owners.isEmpty()) return false;
        boolean changed = false;
        ClassState state = state(scope);
        for (OwnedOwner.Accepted a : state.accepted.values()) {
            changed |= rewriteStores(scope, method, a, state);
        }
        return fenceReads(scope, method, owners, state) || changed; // fences first, always
    }

    @Override
    public void abandoned(ClassScope scope, MethodNode method) {
        ClassState state = state(scope);
        String where = scope.internalName().replace('/', '.') + (method == null ? "" : "." + method.name + "()")
                + " could not be rewritten, so its reads are not fenced";
        Set<OwnedField> read = new HashSet<>(state.fenced);
        if (method == null) {
            // The whole class stays as loaded: reads in methods not judged yet are unfenced too.
            Set<String> owners = scope.plan().ownedOwners();
            for (MethodNode m : scope.original().methods) {
                for (AbstractInsnNode insn : m.instructions) {
                    if (insn instanceof MethodInsnNode call && owners.contains(call.owner)) {
                        read.addAll(fieldsOf(scope, call.owner));
                    }
                    for (Handle h : handles(insn)) {
                        if (owners.contains(h.getOwner())) read.addAll(fieldsOf(scope, h.getOwner()));
                    }
                }
            }
        }
        for (OwnedField f : read) {
            if (f.keeper(OwnedField.ANY, where)) withdrawn(scope, f, where);
        }
    }

    // ---- stores in the owner ----

    private boolean rewriteStores(ClassScope scope, MethodNode method, OwnedOwner.Accepted a, ClassState state) {
        RuntimeApi.Target store = scope.api().ownedStore();
        if (store == null) return false;
        String owner = scope.internalName();
        boolean changed = false;
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            if (!(insn instanceof FieldInsnNode put) || put.getOpcode() != Opcodes.PUTFIELD || !put.owner.equals(owner)
                    || !put.name.equals(a.field().name) || !put.desc.equals(a.field().desc)) {
                continue;
            }
            if (method.name.equals("<init>") && !OwnedOwner.afterSuperCall(scope.node(), method, put)) {
                continue; // 'this' may be uninitialized here: it cannot be passed on; nothing is bound
            }
            PendingSite site = borrow(scope, method, a, previousReal(put));
            InsnList bind = new InsnList();
            bind.add(new InsnNode(Opcodes.DUP2));           // owner, value, owner, value
            bind.add(new InsnNode(Opcodes.SWAP));           // owner, value, value, owner
            bind.add(new InsnNode(Opcodes.DUP_X1));         // owner, value, owner, value, owner
            FieldInsnNode previous = new FieldInsnNode(Opcodes.GETFIELD, owner, put.name, put.desc);
            state.inserted.add(previous);
            bind.add(previous);                             // owner, value, owner, value, previous
            bind.add(new LdcInsnNode(a.guard()));
            bind.add(site == null ? new InsnNode(Opcodes.ICONST_M1) : site.push());
            bind.add(store.call());
            method.instructions.insertBefore(put, bind);
            method.maxStack += 5;
            changed = true;
        }
        return changed;
    }

    /** Turns the {@code new} right before a store into a borrow; its site, or null when it stays plain. */
    private static PendingSite borrow(ClassScope scope, MethodNode method, OwnedOwner.Accepted a,
                                      AbstractInsnNode allocation) {
        Type type = Type.getType(a.field().desc);
        if (allocation == null || !type.equals(NewArrayRewrite.allocatedType(allocation))) return null;
        Rule rule = a.owned().rule;
        long constant = NewArrayRewrite.constantBytes(allocation, type);
        if (constant >= 0 && constant < scope.plan().minBytes(rule)) return null;
        // Sizes known only at run time borrow too: the user named this field. Not through the AtLeast entries,
        // whose trial reverts a site under 50 % hits; an owned site's misses come from the GC's pace, not from
        // sizes that never repeat.
        RuntimeApi.Target target = scope.api().factory(type);
        if (target == null) return null;
        PendingSite site = scope.site(method, allocation, rule, rule.zeroes() ? 0 : Sites.NO_ZERO,
                ACTION + type.getClassName() + (constant >= 0 ? "" : " (run-time size)"));
        site.fixedVerdict("owned: goes home when its " + simple(scope.internalName()) + " is collected, while the"
                + " field's guard holds");
        InsnList before = new InsnList();
        before.add(site.push());
        method.instructions.insertBefore(allocation, before);
        method.instructions.set(allocation, target.call());
        method.maxStack += 1;
        return site;
    }

    private static AbstractInsnNode previousReal(AbstractInsnNode insn) {
        AbstractInsnNode p = insn.getPrevious();
        while (p != null && p.getOpcode() < 0) p = p.getPrevious();
        return p;
    }

    // ---- reads everywhere ----

    private boolean fenceReads(ClassScope scope, MethodNode method, Set<String> owners, ClassState state) {
        String self = scope.internalName();
        Map<AbstractInsnNode, List<OwnedField>> reads = new LinkedHashMap<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof FieldInsnNode get && get.getOpcode() == Opcodes.GETFIELD && get.owner.equals(self)
                    && !state.inserted.contains(get)) {
                OwnedOwner.Accepted a = state.accepted.get(get.name);
                if (a != null && get.desc.equals(a.field().desc) && !a.isGetter(method)) {
                    reads.put(insn, List.of(a.owned()));
                }
            } else if (insn instanceof MethodInsnNode call && owners.contains(call.owner) && isGetterShaped(call)) {
                reads.put(insn, fieldsOf(scope, call.owner));
            } else {
                for (Handle h : handles(insn)) {
                    if (owners.contains(h.getOwner())) {
                        for (OwnedField f : fieldsOf(scope, h.getOwner())) {
                            keeper(scope, f, h.getName() + h.getDesc(), where(scope, method, insn)
                                    + " takes a method handle to " + simple(h.getOwner()) + "." + h.getName());
                        }
                    }
                }
            }
        }
        if (reads.isEmpty()) return false;
        if (!definedSeen(scope)) {
            // Retransformed, but never seen defined (loaded before the agent): its old code may be running
            // unfenced in some frame for good, whatever this version does.
            for (Map.Entry<AbstractInsnNode, List<OwnedField>> e : reads.entrySet()) {
                String key = e.getKey() instanceof MethodInsnNode call ? call.name + call.desc : OwnedField.ANY;
                for (OwnedField f : e.getValue()) {
                    keeper(scope, f, key, where(scope, method, e.getKey()) + " reads it in code loaded before"
                            + " autopool could fence it");
                }
            }
            return false;
        }
        Predicate<AbstractInsnNode> isRead = reads::containsKey;
        OwnerFences.Judgement j = OwnerFences.judge(analysis(scope), self, scope.node().sourceFile, method, isRead);
        Map<AbstractInsnNode, OwnerFences.Read> judged = new IdentityHashMap<>();
        for (OwnerFences.Read r : j.reads()) judged.put(r.insn(), r);
        String unfit = OwnerFences.unfit(scope.node().version, method);
        List<AbstractInsnNode> fenced = new ArrayList<>();
        for (Map.Entry<AbstractInsnNode, List<OwnedField>> e : reads.entrySet()) {
            OwnerFences.Read r = judged.get(e.getKey());
            // A constructor is never fenced: its reads keep the value, whatever their release verdict says.
            String why = r == null ? "is not analysed (the method is too large or cannot be analysed)"
                    : method.name.equals("<init>") ? CONSTRUCTOR_READ
                    : !r.fenceable() ? readWhy(r) : unfit;
            String key = e.getKey() instanceof MethodInsnNode call ? call.name + call.desc : OwnedField.ANY;
            for (OwnedField f : e.getValue()) {
                if (why == null) {
                    state.fenced.add(f);
                } else {
                    keeper(scope, f, key, where(scope, method, e.getKey()) + " " + what(e.getKey()) + " " + why);
                }
            }
            if (why == null) fenced.add(e.getKey());
        }
        if (fenced.isEmpty()) return false;
        OwnerFences.insert(self, method, fenced);
        Set<ClassKey> dependsOn = j.dependsOn();
        for (AbstractInsnNode read : fenced) {
            for (OwnedField f : reads.get(read)) f.fencedReader(scope.loader(), self, dependsOn, basis);
        }
        return true;
    }

    /**
     * Whether this class's first definition went through this rewrite (recorded now if this is it): only then was
     * every version of its code that can be running fenced.
     */
    private boolean definedSeen(ClassScope scope) {
        synchronized (defined) {
            Set<String> names = defined.computeIfAbsent(scope.loader(), l -> new HashSet<>());
            if (scope.firstDefinition()) names.add(scope.internalName());
            return names.contains(scope.internalName());
        }
    }

    private static final String CONSTRUCTOR_READ = "is read in a constructor, where no fence is inserted";

    private static String readWhy(OwnerFences.Read r) {
        return switch (r.verdict().kind()) {
            case RELEASED_BY_AGENT -> "is still in use when the same read runs again";
            case RELEASED_BY_APP -> "is handed to a release method";
            case NOT_PROVEN -> r.verdict().method().equals("<init>") ? CONSTRUCTOR_READ : r.verdict().reason();
            default -> r.verdict().reason();
        };
    }

    private void keeper(ClassScope scope, OwnedField f, String method, String where) {
        if (f.keeper(method, where)) withdrawn(scope, f, where);
    }

    private static void withdrawn(ClassScope scope, OwnedField f, String where) {
        scope.usage().cannotApply(f.rule, "no buffer goes home from now on: " + where + " (in the load callback of "
                + scope.internalName().replace('/', '.') + ", before its code runs)");
    }

    /** A call that could be a getter: an instance method with no parameters returning an array. */
    private static boolean isGetterShaped(MethodInsnNode call) {
        return call.getOpcode() != Opcodes.INVOKESTATIC && call.desc.startsWith("()[");
    }

    private List<OwnedField> fieldsOf(ClassScope scope, String owner) {
        List<OwnedField> out = new ArrayList<>();
        for (Rule rule : scope.plan().ownedRules(owner)) out.add(field(rule));
        return out;
    }

    private static List<Handle> handles(AbstractInsnNode insn) {
        List<Handle> out = new ArrayList<>();
        if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof Handle h) out.add(h);
        if (insn instanceof InvokeDynamicInsnNode indy) {
            out.add(indy.bsm);
            for (Object arg : indy.bsmArgs) {
                if (arg instanceof Handle h) out.add(h);
            }
        }
        return out;
    }

    private static String what(AbstractInsnNode read) {
        if (read instanceof MethodInsnNode call) return "keeps the value of " + simple(call.owner) + "." + call.name + "():";
        FieldInsnNode get = (FieldInsnNode) read;
        return "keeps the value of field " + get.name + ":";
    }

    private static String where(ClassScope scope, MethodNode method, AbstractInsnNode insn) {
        int line = dev.autopool.agent.analysis.Lines.before(insn);
        return simple(scope.internalName()) + "." + method.name + "()"
                + (scope.node().sourceFile == null ? "" : " at " + scope.node().sourceFile + (line > 0 ? ":" + line : ""));
    }

    static String simple(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }

    private OwnedField field(Rule rule) {
        return fields.computeIfAbsent(rule, OwnedField::new);
    }

    private static ClassState state(ClassScope scope) {
        return scope.memo(ClassState.class, ClassState::new);
    }

    /**
     * The escape analysis over this class's own bytes only: a read whose value reaches any other class's code
     * counts as kept, so a verdict rests on no code but the class being defined (and the JDK allowlist).
     */
    private EscapeAnalysis analysis(ClassScope scope) {
        String self = scope.internalName();
        byte[] own = scope.classFile();
        return analyses(scope).of(CodeBase.ofClassFiles(name -> name.equals(self) ? own : null,
                "this check does not follow (an owned field's readers are judged on their own class's bytes alone)"));
    }

    private synchronized LoaderAnalyses analyses(ClassScope scope) {
        if (analyses == null) {
            analyses = scope.newAnalyses();
        }
        return analyses;
    }
}
