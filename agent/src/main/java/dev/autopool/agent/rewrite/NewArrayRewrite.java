package dev.autopool.agent.rewrite;

import dev.autopool.agent.config.Rule;
import dev.autopool.runtime.Sites;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;

/**
 * {@code arrays} rules: in classes of the rule's scope, {@code new float[a][b][c]} ({@code MULTIANEWARRAY} of
 * every dimension) and 1-D primitive {@code new} of at least {@code min-bytes} become
 * {@code Pools.float3d(a, b, c, SITE)}: the dimensions are already on the stack, so one pushed site id keeps
 * its shape. A {@code new} is rewritten only when {@link ArrayHomecoming} says its array comes home.
 *
 * <p>A 1-D {@code new} qualifies only when its length is a constant: deciding at run time would add a branch,
 * and with it stack map frames, to every allocation in scope.
 */
final class NewArrayRewrite implements MethodRewrite {
    private final ArrayHomecoming homecoming;

    NewArrayRewrite(ArrayHomecoming homecoming) {
        this.homecoming = homecoming;
    }

    @Override
    public boolean rewrite(ClassScope scope, MethodNode method) {
        Rule rule = scope.plan().arraysRuleFor(scope.internalName());
        if (rule == null) return false;
        boolean changed = false;
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            Type type = allocatedType(insn, rule);
            if (type == null) continue;
            RuntimeApi.Target target = scope.api().factory(type);
            if (target == null || !homecoming.comesHome(scope, method, insn)) continue;
            int flags = rule.zeroes() ? 0 : Sites.NO_ZERO;
            PendingSite site = scope.site(method, insn, rule, flags, "borrow " + type.getClassName());
            method.instructions.insertBefore(insn, site.push());
            method.instructions.set(insn, target.call());
            method.maxStack += 1;
            changed = true;
        }
        return changed;
    }

    /** The array type a poolable allocation creates, or null. */
    private static Type allocatedType(AbstractInsnNode insn, Rule rule) {
        if (insn instanceof MultiANewArrayInsnNode multi) {
            Type type = Type.getType(multi.desc);
            return multi.dims == type.getDimensions() ? type : null;
        }
        if (insn.getOpcode() != Opcodes.NEWARRAY) return null;
        Type element = switch (((IntInsnNode) insn).operand) {
            case Opcodes.T_FLOAT -> Type.FLOAT_TYPE;
            case Opcodes.T_DOUBLE -> Type.DOUBLE_TYPE;
            case Opcodes.T_INT -> Type.INT_TYPE;
            case Opcodes.T_LONG -> Type.LONG_TYPE;
            case Opcodes.T_SHORT -> Type.SHORT_TYPE;
            case Opcodes.T_BYTE -> Type.BYTE_TYPE;
            default -> null;
        };
        Integer length = constantLength(insn.getPrevious());
        if (element == null || length == null) return null;
        long bytes = (long) length * (element.getSize() == 2 ? 8 : element.getSort() == Type.SHORT ? 2
                : element.getSort() == Type.BYTE ? 1 : 4);
        return bytes >= rule.minBytes() ? Type.getType("[" + element.getDescriptor()) : null;
    }

    private static Integer constantLength(AbstractInsnNode insn) {
        if (insn == null) return null;
        int op = insn.getOpcode();
        if (op >= Opcodes.ICONST_0 && op <= Opcodes.ICONST_5) return op - Opcodes.ICONST_0;
        if (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH) return ((IntInsnNode) insn).operand;
        if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof Integer i) return i;
        return null;
    }
}
