package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.ClassKey;
import dev.autopool.agent.analysis.EscapeAnalysis;
import dev.autopool.agent.analysis.OwnerFences;
import dev.autopool.agent.analysis.VerdictGuard;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Whether an {@code owned} rule's field qualifies, judged when its class is defined. Its buffer goes home when the
 * owner is collected, so nothing may use the buffer past the owner's life and no second object may hold it:
 * <ul>
 *   <li>the class is being defined (not retransformed: old code may be running) and is final, extends
 *       {@code Object}, implements no interface that is or could be {@code Cloneable} ({@code Object.clone} copies
 *       the field without a read the agent sees), and has no nestmates (they read private fields directly);</li>
 *   <li>the field is a private instance field of a primitive array type of rank 1-4, and the class has no
 *       {@code lifecycle} rule (one owner, one way home);</li>
 *   <li>every {@code getfield} of it in the class, but in a getter ({@code return this.px;}), uses the value in its
 *       method only and the value is dead before the same read runs again (judged on the class as loaded; the
 *       fences themselves are inserted by {@link OwnedFieldRewrite});</li>
 *   <li>no getter implements an interface method (callers through the interface would not be seen);</li>
 *   <li>no class seen before it keeps a getter's value ({@link OwnedField#accept}), and the guard is issued.</li>
 * </ul>
 */
final class OwnedOwner {
    private OwnedOwner() {}

    /** The field, its getters ({@code name + descriptor}) and the guard its Cleaner actions read. */
    record Accepted(OwnedField owned, FieldNode field, Set<String> getters, int guard) {
        boolean isGetter(MethodNode m) {
            return getters.contains(m.name + m.desc);
        }

        String describe() {
            List<String> names = new ArrayList<>();
            for (String g : new TreeSet<>(getters)) names.add(g.substring(0, g.indexOf('(')) + "()");
            return "buffers stored into " + OwnedFieldRewrite.simple(owned.owner()) + "." + field.name + " go home when"
                    + " their owner is collected; every read in the class is local and fenced"
                    + (names.isEmpty() ? "" : "; getters " + names + ", whose callers are judged as they load");
        }
    }

    /** Either an acceptance or the reason the field stays plain. */
    record Decision(Accepted accepted, String refusal) {}

    static Decision judge(ClassScope scope, OwnedField owned, EscapeAnalysis analysis, VerdictBasis basis) {
        ClassNode node = scope.original();
        String owner = OwnedFieldRewrite.simple(node.name);
        String why = classRefusal(scope, node, owner);
        FieldNode field = null;
        if (why == null) {
            for (FieldNode f : node.fields) {
                if (f.name.equals(owned.name())) field = f;
            }
            why = fieldRefusal(scope, owner, owned, field);
        }
        Set<String> getters = new HashSet<>();
        if (why == null) {
            for (MethodNode m : node.methods) {
                if (isGetter(node.name, field, m)) getters.add(m.name + m.desc);
            }
            why = interfaceGetter(node, getters);
        }
        Set<ClassKey> dependsOn = new HashSet<>();
        if (why == null) why = localReads(analysis, node, field, getters, dependsOn);
        Integer earlier = scope.firstDefinition() ? null : owned.acceptedGuard(scope.loader());
        if (earlier != null) {
            // Retransformed (autopool relinking it): loans its first version bound are out under this guard, and
            // this version's reads must be as local; if they are not, those loans go to the GC.
            if (why != null) {
                owned.keeper(OwnedField.ANY, owner + " was retransformed and " + why);
                return new Decision(null, why);
            }
            basis.extendGuard(earlier, scope.loader(), node.name, dependsOn);
            return new Decision(new Accepted(owned, field, Set.copyOf(getters), earlier), null);
        }
        if (why == null && !scope.firstDefinition()) {
            why = owner + " is being retransformed, not defined: code read before may still be running unfenced";
        }
        if (why != null) return new Decision(null, why);
        VerdictGuard guard = basis.guardFor(scope.loader(), node.name, dependsOn);
        if (guard.refusal() != null) return new Decision(null, guard.refusal());
        // Rests on the owner's own code as well (cleared at once if an agent after autopool may change it unseen).
        basis.extendGuard(guard.id(), scope.loader(), node.name, dependsOn);
        String keeper = owned.accept(scope.loader(), getters, guard.id(), basis);
        if (keeper != null) {
            return new Decision(null, keeper + ", in a class loaded before " + owner);
        }
        return new Decision(new Accepted(owned, field, Set.copyOf(getters), guard.id()), null);
    }

    private static String classRefusal(ClassScope scope, ClassNode node, String owner) {
        if (!scope.plan().lifecycleRules(node.name).isEmpty()) {
            return owner + " has a lifecycle rule, which releases its fields when it closes; use one rule or the other";
        }
        if (node.nestHostClass != null || (node.nestMembers != null && !node.nestMembers.isEmpty())) {
            return owner + " has nestmates (nested or enclosing classes), which read its private fields directly";
        }
        if ((node.access & Opcodes.ACC_FINAL) == 0) {
            return owner + " is not final: a subclass may be Cloneable (Object.clone copies the field)";
        }
        if (!"java/lang/Object".equals(node.superName)) {
            return owner + " extends " + node.superName.replace('/', '.') + ", which the agent does not read (it may be"
                    + " Cloneable: Object.clone copies the field)";
        }
        for (String i : node.interfaces) {
            String cloneable = LifecycleFieldReads.cloneable(i);
            if (cloneable != null) return owner + " " + cloneable + " (Object.clone copies the field)";
            String serializable = LifecycleFieldReads.serializable(i);
            if (serializable != null) return owner + " " + serializable;
        }
        return ReflectiveFieldAccess.why(node);
    }

    private static String fieldRefusal(ClassScope scope, String owner, OwnedField owned, FieldNode field) {
        if (field == null) return owner + " has no field " + owned.name();
        String name = owner + "." + field.name;
        if ((field.access & Opcodes.ACC_STATIC) != 0) return "field " + name + " is static; an owned field is an"
                + " instance field";
        if (scope.api().factory(Type.getType(field.desc)) == null) {
            return "field " + name + " is not a primitive array of rank 1 to 4";
        }
        if ((field.access & Opcodes.ACC_PRIVATE) == 0) {
            return "field " + name + " is not private, so other classes may read it unseen";
        }
        return null;
    }

    /** {@code aload_0; getfield field; areturn} in an instance method: the one shape a getter may have. */
    static boolean isGetter(String owner, FieldNode field, MethodNode m) {
        if ((m.access & Opcodes.ACC_STATIC) != 0 || !m.desc.equals("()" + field.desc)) return false;
        List<AbstractInsnNode> code = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn.getOpcode() >= 0) code.add(insn);
        }
        return code.size() == 3 && code.get(0).getOpcode() == Opcodes.ALOAD
                && ((org.objectweb.asm.tree.VarInsnNode) code.get(0)).var == 0
                && code.get(1) instanceof FieldInsnNode get && get.getOpcode() == Opcodes.GETFIELD
                && get.owner.equals(owner) && get.name.equals(field.name) && get.desc.equals(field.desc)
                && code.get(2).getOpcode() == Opcodes.ARETURN;
    }

    /** A getter that implements a JDK interface's method would be called through that interface, unseen. */
    private static String interfaceGetter(ClassNode node, Set<String> getters) {
        for (String i : node.interfaces) {
            try {
                Class<?> c = Class.forName(i.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
                for (Method m : c.getMethods()) {
                    if (getters.contains(m.getName() + Type.getMethodDescriptor(m))) {
                        return "its getter " + m.getName() + "() implements " + c.getName() + "." + m.getName()
                                + "(), whose callers the agent cannot tell apart";
                    }
                }
            } catch (ClassNotFoundException | LinkageError e) {
                return "it implements " + i.replace('/', '.') + ", which the agent cannot find";
            }
        }
        return null;
    }

    /** Why a read of the field in its own class may outlive the owner, or null; collects what the verdicts rest on. */
    private static String localReads(EscapeAnalysis analysis, ClassNode node, FieldNode field, Set<String> getters,
                                     Set<ClassKey> dependsOn) {
        for (MethodNode m : node.methods) {
            if (m.instructions.size() == 0 || getters.contains(m.name + m.desc)) continue;
            List<AbstractInsnNode> reads = new ArrayList<>();
            for (AbstractInsnNode insn : m.instructions) {
                if (insn instanceof FieldInsnNode get && get.getOpcode() == Opcodes.GETFIELD
                        && get.owner.equals(node.name) && get.name.equals(field.name) && get.desc.equals(field.desc)) {
                    reads.add(insn);
                }
            }
            if (reads.isEmpty()) continue;
            String in = OwnedFieldRewrite.simple(node.name) + "." + m.name + "()";
            if (m.name.equals("<init>")) {
                return "field " + field.name + " is read in constructor " + in + ", where no fence is inserted";
            }
            String unfit = OwnerFences.unfit(node.version, m);
            if (unfit != null) return "field " + field.name + " is read in " + in + ", which cannot be fenced: " + unfit;
            OwnerFences.Judgement j = OwnerFences.judge(analysis, node.name, node.sourceFile, m, reads::contains);
            if (j.reads().size() < reads.size()) {
                return "field " + field.name + " is read in " + in + ", which the escape analysis cannot follow";
            }
            for (OwnerFences.Read r : j.reads()) {
                if (!r.fenceable()) {
                    String reason = r.verdict().kind() == dev.autopool.agent.analysis.Verdict.Kind.RELEASED_BY_AGENT
                            ? "is still in use when the same read runs again" : r.verdict().reason();
                    return "a read of field " + field.name + " in " + in + " escapes: " + reason;
                }
            }
            dependsOn.addAll(j.dependsOn());
        }
        return null;
    }

    /**
     * Whether {@code this} is initialized at {@code at} in a constructor, proven simply: exactly one
     * {@code invokespecial <init>} of the superclass or this class, no {@code new} of that class before it, no jump,
     * switch or handler before it, and no jump back to it or above it; {@code at} comes after it.
     */
    static boolean afterSuperCall(ClassNode node, MethodNode m, AbstractInsnNode at) {
        AbstractInsnNode superCall = null;
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESPECIAL
                    && call.name.equals("<init>") && (call.owner.equals(node.superName) || call.owner.equals(node.name))) {
                if (superCall != null) return false;
                superCall = insn;
            }
        }
        if (superCall == null || (!m.tryCatchBlocks.isEmpty() && !handlersAfter(m, superCall))) return false;
        int superIndex = m.instructions.indexOf(superCall);
        for (AbstractInsnNode insn = superCall.getPrevious(); insn != null; insn = insn.getPrevious()) {
            if (insn instanceof JumpInsnNode || insn instanceof TableSwitchInsnNode
                    || insn instanceof LookupSwitchInsnNode) {
                return false;
            }
            if (insn instanceof TypeInsnNode t && t.getOpcode() == Opcodes.NEW
                    && (t.desc.equals(node.superName) || t.desc.equals(node.name))) {
                return false;
            }
        }
        for (AbstractInsnNode insn : m.instructions) {
            List<org.objectweb.asm.tree.LabelNode> targets = new ArrayList<>();
            if (insn instanceof JumpInsnNode j) targets.add(j.label);
            if (insn instanceof TableSwitchInsnNode t) {
                targets.add(t.dflt);
                targets.addAll(t.labels);
            }
            if (insn instanceof LookupSwitchInsnNode l) {
                targets.add(l.dflt);
                targets.addAll(l.labels);
            }
            for (var label : targets) {
                if (m.instructions.indexOf(label) <= superIndex) return false;
            }
        }
        return m.instructions.indexOf(at) > superIndex;
    }

    private static boolean handlersAfter(MethodNode m, AbstractInsnNode superCall) {
        int superIndex = m.instructions.indexOf(superCall);
        for (var tc : m.tryCatchBlocks) {
            if (m.instructions.indexOf(tc.start) <= superIndex || m.instructions.indexOf(tc.handler) <= superIndex) {
                return false;
            }
        }
        return true;
    }
}
