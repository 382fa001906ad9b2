package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.HiddenLocalFrames;
import dev.autopool.agent.config.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * {@code lifecycle} rules: the named instance method (say {@code Frame.close()}) notes on entry what each
 * primitive-array field the class declares holds and which loan that is ({@code Pools.closing(this, this.field,
 * SITE)}, kept in hidden locals), and before every normal return offers that array back with
 * {@code Pools.releaseFrom(this, array, loan, SITE)}: so a close that clears its fields still releases them, a
 * close that calls another lifecycle method is no repeated close, and an array stored during the method stays
 * with the object (until the next call). Only a loan that a store into that very object's field bound to it goes
 * home: every {@code putfield} of such a field in the class's own code is preceded by
 * {@code Pools.stored(object, value)}, and constructors bind the fields' values as they return (before the
 * superclass constructor ran, {@code this} may not be passed to a method). So a second close, the close of a
 * copy or clone that shares the buffer, or a field another class stored into, releases nothing; anything else
 * (null, an array the app made itself, one the app released) is left alone. The fields keep their values.
 *
 * <p>Exceptional exits release nothing: a {@code close()} that throws may be retried, or its object still read
 * while the error is handled, and handing a buffer that is still reachable to another borrower would corrupt
 * data silently; a missed release only costs an allocation and shows up in the leak report.
 */
final class LifecycleRewrite implements MethodRewrite {

    @Override
    public boolean rewrite(ClassScope scope, MethodNode method) {
        // A class with a lifecycle rule of its own may also extend one: what it stores into the fields it inherits
        // is bound as any direct subclass's stores are, or the inherited lifecycle method could not take it home.
        boolean inherited = bindInheritedStores(scope, method);
        if (scope.plan().lifecycleRules(scope.internalName()).isEmpty()) return inherited;
        boolean bound = bindStores(scope, method) || inherited;
        Rule rule = ruleFor(scope, method);
        if (rule == null) return bound;
        return releaseFields(scope, method, rule) || bound;
    }

    private boolean releaseFields(ClassScope scope, MethodNode method, Rule rule) {
        scope.usage().matched(rule);
        if ((method.access & Opcodes.ACC_STATIC) != 0) {
            scope.usage().cannotApply(rule, "the method is static; a lifecycle method is an instance method");
            return false;
        }
        RuntimeApi.Target closing = scope.api().closing();
        RuntimeApi.Target release = scope.api().releaseFrom();
        if (closing == null || release == null || scope.api().stored() == null) {
            scope.usage().cannotApply(rule, "the runtime has no closing/releaseFrom/stored methods; nothing is released");
            return false;
        }
        if (writesThis(method)) {
            scope.usage().cannotApply(rule, "the method reassigns its 'this' slot; it is left as it is");
            return false;
        }
        List<FieldNode> fields = pooledFields(scope);
        if (fields.isEmpty()) {
            scope.usage().cannotApply(rule, scope.internalName().replace('/', '.')
                    + " declares no primitive-array instance field; nothing to release");
            return false;
        }
        List<PendingSite> sites = new ArrayList<>();
        // One site per field for all exits, named by the method's first line.
        AbstractInsnNode first = method.instructions.getFirst();
        for (AbstractInsnNode i = first; i != null; i = i.getNext()) {
            if (i instanceof LineNumberNode) {
                first = i;
                break;
            }
        }
        for (FieldNode field : fields) {
            sites.add(scope.site(method, first, rule, 0, "release field " + field.name));
        }
        // Per field, two hidden locals set on entry: the array the field holds and its loan (closing's answer).
        int firstHidden = method.maxLocals;
        List<Object> types = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            types.add(HiddenLocalFrames.OBJECT);
            types.add(Opcodes.INTEGER);
        }
        HiddenLocalFrames.addHiddenLocals(scope.internalName(), method, firstHidden, types);
        method.maxLocals = firstHidden + types.size();
        InsnList entry = new InsnList();
        for (int i = 0; i < fields.size(); i++) {
            FieldNode field = fields.get(i);
            entry.add(new VarInsnNode(Opcodes.ALOAD, 0));
            entry.add(new VarInsnNode(Opcodes.ALOAD, 0));
            entry.add(new FieldInsnNode(Opcodes.GETFIELD, scope.internalName(), field.name, field.desc));
            entry.add(new InsnNode(Opcodes.DUP));
            entry.add(new VarInsnNode(Opcodes.ASTORE, firstHidden + 2 * i));
            entry.add(sites.get(i).push());
            entry.add(closing.call());
            entry.add(new VarInsnNode(Opcodes.ISTORE, firstHidden + 2 * i + 1));
        }
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            int op = insn.getOpcode();
            if (op < Opcodes.IRETURN || op > Opcodes.RETURN) continue;
            InsnList release1 = new InsnList();
            for (int i = 0; i < fields.size(); i++) {
                release1.add(new VarInsnNode(Opcodes.ALOAD, 0));
                release1.add(new VarInsnNode(Opcodes.ALOAD, firstHidden + 2 * i));
                release1.add(new VarInsnNode(Opcodes.ILOAD, firstHidden + 2 * i + 1));
                release1.add(sites.get(i).push());
                release1.add(release.call());
            }
            method.instructions.insertBefore(insn, release1);
        }
        method.instructions.insert(entry);
        method.maxStack += 4;
        return true;
    }

    /**
     * Binds each loan stored into a released field to the object it went into: {@code dup2} of the
     * {@code putfield}'s (object, value) and a call to {@code Pools.stored}; no branch, so no frame changes. A
     * constructor binds at each {@code return} (its stores may come before the superclass constructor, where
     * {@code this} cannot be passed on), and a store of its own after {@code super(...)}/{@code this(...)} names the
     * array it replaces, as a store in any other method does (a chained constructor's buffer stored over is the
     * app's to drop, not a leak); if it reassigns its {@code this} slot it binds nothing.
     */
    private static boolean bindStores(ClassScope scope, MethodNode method) {
        RuntimeApi.Target stored = scope.api().stored();
        if (stored == null || scope.api().releaseFrom() == null) return false;
        List<FieldNode> fields = pooledFields(scope);
        if (fields.isEmpty()) return false;
        boolean constructor = method.name.equals("<init>");
        if (constructor && writesThis(method)) return false;
        boolean changed = false;
        // Judged on the method before this rewrite inserts anything. In a constructor only the stores after its
        // super(...) or this(...) call qualify; they may replace what a chained constructor stored.
        Set<AbstractInsnNode> intoThis = storesIntoThis(scope, method, fields);
        if (constructor && intoThis != null) changed = bindEarlyStores(scope, method, fields, intoThis, stored);
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            if (constructor && insn.getOpcode() == Opcodes.RETURN) {
                InsnList bind = new InsnList();
                for (FieldNode field : fields) {
                    bind.add(bindThisField(scope, field.name, field.desc, stored));
                }
                method.instructions.insertBefore(insn, bind);
                changed = true;
            } else if (insn instanceof FieldInsnNode put && put.getOpcode() == Opcodes.PUTFIELD
                    && put.owner.equals(scope.internalName()) && declares(fields, put)
                    && (!constructor || (intoThis != null && intoThis.contains(put)))) {
                method.instructions.insertBefore(insn, bindStore(scope, put, intoThis, stored));
                changed = true;
            }
        }
        if (changed) method.maxStack += 3;
        return changed;
    }

    /**
     * The binding before {@code put}: into {@code this} (a member of {@code intoThis}) it names the array it
     * replaces ({@code Pools.storedOver}), elsewhere only the array stored ({@code Pools.stored}). Needs 3 more
     * stack slots.
     */
    private static InsnList bindStore(ClassScope scope, FieldInsnNode put, Set<AbstractInsnNode> intoThis,
                                      RuntimeApi.Target stored) {
        InsnList bind = new InsnList();
        RuntimeApi.Target over = scope.api().storedOver();
        if (over != null && intoThis != null && intoThis.contains(put)) {
            // holder, value -> holder, value, holder, value, previous: the array stored over is the
            // app's to drop (left to the GC, not reported as a leak); no branch, nothing released.
            bind.add(new InsnNode(Opcodes.DUP2));
            bind.add(new InsnNode(Opcodes.SWAP));
            bind.add(new InsnNode(Opcodes.DUP_X1));
            bind.add(new FieldInsnNode(Opcodes.GETFIELD, put.owner, put.name, put.desc));
            bind.add(over.call());
        } else {
            bind.add(new InsnNode(Opcodes.DUP2));
            bind.add(stored.call());
        }
        return bind;
    }

    /**
     * A constructor that stores into its fields before its {@code super(...)} call (Java 25's flexible constructor
     * bodies) binds those fields right after that call, the first moment {@code this} may be passed on: a store
     * after it that replaces such an array then names an array bound to this object, left to the GC as the app's
     * to drop instead of being reported as a leak. (A superclass constructor that runs an overriding method storing
     * over it still comes first; that array is not bound yet and stays with the leak report.)
     */
    private static boolean bindEarlyStores(ClassScope scope, MethodNode method, List<FieldNode> fields,
                                           Set<AbstractInsnNode> intoThis, RuntimeApi.Target stored) {
        List<FieldNode> early = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof FieldInsnNode put && put.getOpcode() == Opcodes.PUTFIELD
                    && put.owner.equals(scope.internalName()) && declares(fields, put) && !intoThis.contains(put)) {
                for (FieldNode f : fields) {
                    if (f.name.equals(put.name) && f.desc.equals(put.desc) && !early.contains(f)) early.add(f);
                }
            }
        }
        if (early.isEmpty()) return false;
        Set<AbstractInsnNode> calls = StoresIntoThis.initializingCalls(scope.internalName(), method);
        if (calls == null || calls.isEmpty()) return false;
        for (AbstractInsnNode call : calls) {
            InsnList bind = new InsnList();
            for (FieldNode field : early) {
                bind.add(bindThisField(scope, field.name, field.desc, stored));
            }
            method.instructions.insert(call, bind);
        }
        return true;
    }

    /** The stores into this object's released fields that may name the array they replace, or null. */
    private static Set<AbstractInsnNode> storesIntoThis(ClassScope scope, MethodNode method, List<FieldNode> fields) {
        if ((method.access & Opcodes.ACC_STATIC) != 0 || writesThis(method)) return null;
        if (!storesInto(scope, method, fields)) return Set.of(); // no analysis for a method that stores none
        return StoresIntoThis.of(scope.internalName(), method,
                put -> put.owner.equals(scope.internalName()) && declares(fields, put));
    }

    /**
     * A direct subclass of a lifecycle class binds what it stores into the primitive-array fields it inherits, as
     * the lifecycle class's own stores are bound ({@code Pools.stored} before each {@code putfield}; a constructor
     * at its returns), so the inherited lifecycle method finds the subclass object's loans its own. The lifecycle
     * method releases only the fields its class declares: binding a field it does not release changes nothing.
     */
    private static boolean bindInheritedStores(ClassScope scope, MethodNode method) {
        String superName = scope.node().superName;
        RuntimeApi.Target stored = scope.api().stored();
        if (superName == null || scope.plan().lifecycleRules(superName).isEmpty() || stored == null
                || scope.api().closing() == null || scope.api().releaseFrom() == null) {
            return false;
        }
        boolean constructor = method.name.equals("<init>");
        if (constructor && writesThis(method)) return false;
        List<FieldInsnNode> inherited = new ArrayList<>(); // one store per field: what a constructor binds
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof FieldInsnNode put && storesInherited(scope, superName, put)
                    && inherited.stream().noneMatch(f -> f.name.equals(put.name) && f.desc.equals(put.desc))) {
                inherited.add(put);
            }
        }
        if (inherited.isEmpty()) return false;
        // As in the lifecycle class's own code, a store into this object (in a constructor: after its super(...)
        // call) names the array it replaces, the app's to drop: a resize in the subclass is no leak.
        Set<AbstractInsnNode> intoThis = (method.access & Opcodes.ACC_STATIC) != 0 || writesThis(method) ? null
                : StoresIntoThis.of(scope.internalName(), method, put -> storesInherited(scope, superName, put));
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            InsnList bind = new InsnList();
            if (constructor && insn.getOpcode() == Opcodes.RETURN) {
                for (FieldInsnNode field : inherited) {
                    bind.add(bindThisField(scope, field.name, field.desc, stored));
                }
                method.instructions.insertBefore(insn, bind);
            } else if (insn instanceof FieldInsnNode put && storesInherited(scope, superName, put)
                    && (!constructor || (intoThis != null && intoThis.contains(put)))) {
                method.instructions.insertBefore(insn, bindStore(scope, put, intoThis, stored));
            }
        }
        method.maxStack += 3;
        return true;
    }

    /** {@code Pools.stored(this, this.field)}: how a constructor binds a field's value as it returns. */
    private static InsnList bindThisField(ClassScope scope, String name, String desc, RuntimeApi.Target stored) {
        InsnList bind = new InsnList();
        bind.add(new VarInsnNode(Opcodes.ALOAD, 0));
        bind.add(new VarInsnNode(Opcodes.ALOAD, 0));
        bind.add(new FieldInsnNode(Opcodes.GETFIELD, scope.internalName(), name, desc));
        bind.add(stored.call());
        return bind;
    }

    /** A {@code putfield} of a poolable primitive-array field this class inherits (it does not declare it). */
    private static boolean storesInherited(ClassScope scope, String superName, FieldInsnNode put) {
        return put.getOpcode() == Opcodes.PUTFIELD
                && (put.owner.equals(scope.internalName()) || put.owner.equals(superName))
                && !declaredHere(scope, put) && scope.api().factory(Type.getType(put.desc)) != null;
    }

    private static boolean declaredHere(ClassScope scope, FieldInsnNode put) {
        for (FieldNode f : scope.node().fields) {
            if (f.name.equals(put.name) && f.desc.equals(put.desc)) return true;
        }
        return false;
    }

    private static boolean storesInto(ClassScope scope, MethodNode method, List<FieldNode> fields) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof FieldInsnNode put && put.getOpcode() == Opcodes.PUTFIELD
                    && put.owner.equals(scope.internalName()) && declares(fields, put)) {
                return true;
            }
        }
        return false;
    }

    private static boolean declares(List<FieldNode> fields, FieldInsnNode put) {
        for (FieldNode f : fields) {
            if (f.name.equals(put.name) && f.desc.equals(put.desc)) return true;
        }
        return false;
    }

    /** The lifecycle rule that names {@code method}, or null. */
    static Rule ruleFor(ClassScope scope, MethodNode method) {
        for (Rule rule : scope.plan().lifecycleRules(scope.internalName())) {
            if (rule.method().name().equals(method.name) && method.desc.startsWith(rule.method().paramDescriptor())) {
                return rule;
            }
        }
        return null;
    }

    private static List<FieldNode> pooledFields(ClassScope scope) {
        List<FieldNode> out = new ArrayList<>();
        for (FieldNode f : scope.node().fields) {
            // A synthetic field (val$buf of a local or anonymous class) holds what the enclosing method captured:
            // that array is the method's, still used after the object's close, not the object's to give back.
            if ((f.access & (Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC)) == 0
                    && scope.api().factory(Type.getType(f.desc)) != null) {
                out.add(f);
            }
        }
        return out;
    }

    private static boolean writesThis(MethodNode method) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof VarInsnNode v && v.var == 0 && v.getOpcode() >= Opcodes.ISTORE
                    && v.getOpcode() <= Opcodes.ASTORE) {
                return true;
            }
            if (insn instanceof IincInsnNode inc && inc.var == 0) return true;
        }
        return false;
    }
}
