package dev.autopool.agent.rewrite;

import dev.autopool.agent.config.Rule;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * {@code lifecycle} rules: before every normal return of the named instance method (say {@code Frame.close()}),
 * each primitive-array field the class declares is offered back with
 * {@code Pools.releaseIfBorrowed(this.field, SITE)}: an array the pool lent and that is still out goes home,
 * anything else (null, an array the app made itself, one already returned) is left alone. The fields keep
 * their values.
 *
 * <p>Exceptional exits release nothing: a {@code close()} that throws may be retried, or its object still read
 * while the error is handled, and handing a buffer that is still reachable to another borrower would corrupt
 * data silently; a missed release only costs an allocation and shows up in the leak report.
 */
final class LifecycleRewrite implements MethodRewrite {

    @Override
    public boolean rewrite(ClassScope scope, MethodNode method) {
        Rule rule = ruleFor(scope, method);
        if (rule == null) return false;
        scope.usage().matched(rule);
        if ((method.access & Opcodes.ACC_STATIC) != 0) {
            scope.usage().cannotApply(rule, "the method is static; a lifecycle method is an instance method");
            return false;
        }
        RuntimeApi.Target release = scope.api().releaseIfBorrowed();
        if (release == null) {
            scope.usage().cannotApply(rule, "the runtime has no releaseIfBorrowed method; nothing is released");
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
            if (i instanceof org.objectweb.asm.tree.LineNumberNode) {
                first = i;
                break;
            }
        }
        for (FieldNode field : fields) {
            sites.add(scope.site(method, first, rule, 0, "release field " + field.name));
        }
        boolean changed = false;
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            int op = insn.getOpcode();
            if (op < Opcodes.IRETURN || op > Opcodes.RETURN) continue;
            InsnList release1 = new InsnList();
            for (int i = 0; i < fields.size(); i++) {
                FieldNode field = fields.get(i);
                release1.add(new VarInsnNode(Opcodes.ALOAD, 0));
                release1.add(new FieldInsnNode(Opcodes.GETFIELD, scope.internalName(), field.name, field.desc));
                release1.add(sites.get(i).push());
                release1.add(release.call());
            }
            method.instructions.insertBefore(insn, release1);
            changed = true;
        }
        method.maxStack += 2;
        return changed;
    }

    private static Rule ruleFor(ClassScope scope, MethodNode method) {
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
            if ((f.access & Opcodes.ACC_STATIC) == 0 && scope.api().factory(Type.getType(f.desc)) != null) {
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
            if (insn instanceof org.objectweb.asm.tree.IincInsnNode inc && inc.var == 0) return true;
        }
        return false;
    }
}
