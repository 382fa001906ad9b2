package dev.autopool.agent.rewrite;

import dev.autopool.agent.config.Rule;
import dev.autopool.runtime.Sites;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;

/**
 * {@code arrays} rules: in classes of the rule's scope, {@code new float[a][b][c]} ({@code MULTIANEWARRAY} of
 * every dimension) and 1-D primitive {@code new} of at least {@code min-bytes} in total become
 * {@code Pools.float3d(a, b, c, SITE)}: the dimensions are already on the stack, so one pushed site id keeps
 * its shape. A {@code new} is rewritten only when {@link ArrayHomecoming} says its array comes home.
 *
 * <p>With every dimension a constant, {@code min-bytes} is checked here. With a dimension computed at run time the
 * call goes to {@code Pools.float3dAtLeast(a, b, c, MIN_BYTES, SITE)}, which compares the total bytes (in
 * {@code long}) and does the plain {@code new} itself below it: the app's bytecode gets no branch, so no frame
 * changes, and a negative dimension or an allocation too large fails as it did.
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
        long minBytes = scope.plan().minBytes(rule);
        if (!allocates(method)) return false; // most methods: no copy of the instruction list
        boolean changed = false;
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            Type type = allocatedType(insn);
            if (type == null) continue;
            long constantBytes = constantBytes(insn, type);
            if (constantBytes >= 0 && constantBytes < minBytes) {
                if (scope.usage().keepsPlainSites()) {
                    scope.usage().stayedPlainUnderMinBytes(rule, plainLine(scope, method, insn, type, constantBytes,
                            "under min-bytes: " + constantBytes + " B < " + minBytes + " B"));
                }
                continue;
            }
            RuntimeApi.Target target = constantBytes >= 0 ? scope.api().factory(type) : scope.api().sizedFactory(type);
            if (target == null || !homecoming.comesHome(scope, method, insn)) {
                if (scope.usage().keepsPlainSites()) {
                    scope.usage().stayedPlain(rule, plainLine(scope, method, insn, type, constantBytes, target == null
                            ? "the runtime has no borrow for " + type.getClassName()
                            : homecoming.whyNot(scope, method, insn)));
                }
                continue;
            }
            int flags = rule.zeroes() ? 0 : Sites.NO_ZERO;
            PendingSite site = scope.site(method, insn, rule, flags, "borrow " + type.getClassName()
                    + (constantBytes >= 0 ? "" : " (run-time size)"));
            InsnList before = new InsnList();
            if (constantBytes < 0) {
                before.add(new LdcInsnNode((int) Math.min(minBytes, Integer.MAX_VALUE)));
                method.maxStack += 1;
            }
            before.add(site.push());
            method.instructions.insertBefore(insn, before);
            method.instructions.set(insn, target.call());
            method.maxStack += 1;
            changed = true;
        }
        return changed;
    }

    /** Whether {@code method} has a {@code NEWARRAY} or {@code MULTIANEWARRAY}: the only candidates here. */
    private static boolean allocates(MethodNode method) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            int op = insn.getOpcode();
            if (op == Opcodes.NEWARRAY || op == Opcodes.MULTIANEWARRAY) return true;
        }
        return false;
    }

    /** {@code audit}'s line for a {@code new} that stays plain: where, what, and why. */
    private static String plainLine(ClassScope scope, MethodNode method, AbstractInsnNode insn, Type type,
                                    long constantBytes, String why) {
        return scope.where(method, insn) + "  plain " + type.getClassName()
                + (constantBytes >= 0 ? "" : " (run-time size)") + "  [" + why + "]";
    }

    /**
     * The array type an allocation of every dimension creates, or null unless its elements are of a kind pools
     * hold (float, double, int, long, short, byte): an object, boolean or char {@code new} is no candidate, so
     * {@code audit} does not list it.
     */
    static Type allocatedType(AbstractInsnNode insn) {
        if (insn instanceof MultiANewArrayInsnNode multi) {
            Type type = Type.getType(multi.desc);
            return multi.dims == type.getDimensions() && pooledElement(type.getElementType().getSort()) ? type : null;
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
        return element == null ? null : Type.getType("[" + element.getDescriptor());
    }

    private static boolean pooledElement(int sort) {
        return sort == Type.FLOAT || sort == Type.DOUBLE || sort == Type.INT || sort == Type.LONG
                || sort == Type.SHORT || sort == Type.BYTE;
    }

    /**
     * The bytes of the array's leaves when every dimension is pushed as a constant right before the allocation,
     * or -1 when one is computed at run time.
     */
    static long constantBytes(AbstractInsnNode insn, Type type) {
        int sort = type.getElementType().getSort();
        long total = sort == Type.DOUBLE || sort == Type.LONG ? 8 : sort == Type.SHORT ? 2 : sort == Type.BYTE ? 1 : 4;
        AbstractInsnNode push = insn.getPrevious();
        for (int d = 0; d < type.getDimensions(); d++, push = push.getPrevious()) {
            Integer length = constantLength(push);
            if (length == null || length < 0) return -1; // a negative constant fails at run time, as it did
            total = Math.min(total * length, Long.MAX_VALUE / 8);
        }
        return total;
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
