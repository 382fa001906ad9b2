package dev.autopool.agent.rewrite;

import dev.autopool.agent.config.Rule;
import dev.autopool.runtime.Sites;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * {@code factory} rules: a call {@code Matrices.float3d(c, h, w)} becomes {@code Pools.float3d(c, h, w, SITE)}.
 * When the dimensions are the factory's parameters in order, only the site id is pushed and the call target
 * changes, so the stack keeps its shape. With {@code dims=...} the arguments go through fresh locals and come
 * back as dimensions in the order the rule names; the others are dropped with the factory's body.
 */
final class FactoryCallRewrite implements MethodRewrite {
    private final FactoryGate gate;

    FactoryCallRewrite(FactoryGate gate) {
        this.gate = gate;
    }

    @Override
    public void beforeClass(ClassScope scope) {
        gate.defined(scope.loader(), scope.node(), scope.firstDefinition());
    }

    @Override
    public boolean rewrite(ClassScope scope, MethodNode method) {
        if (!callsFactory(scope, method)) return false; // most methods: no copy of the instruction list
        boolean changed = false;
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            if (insn.getOpcode() != Opcodes.INVOKESTATIC) continue;
            MethodInsnNode call = (MethodInsnNode) insn;
            Rule rule = scope.plan().callRuleFor(call.owner, call.name, call.desc);
            if (rule == null || rule.kind() != Rule.Kind.FACTORY) continue;
            changed |= rewriteCall(scope, method, call, rule);
        }
        return changed;
    }

    /** Whether {@code method} calls a method a {@code factory} rule names: the only candidates here. */
    private static boolean callsFactory(ClassScope scope, MethodNode method) {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() != Opcodes.INVOKESTATIC) continue;
            MethodInsnNode call = (MethodInsnNode) insn;
            Rule rule = scope.plan().callRuleFor(call.owner, call.name, call.desc);
            if (rule != null && rule.kind() == Rule.Kind.FACTORY) return true;
        }
        return false;
    }

    private boolean rewriteCall(ClassScope scope, MethodNode method, MethodInsnNode call, Rule rule) {
        Type type = Type.getMethodType(call.desc);
        RuntimeApi.Target target = scope.api().factory(type.getReturnType());
        int[] dims = rule.dimensionArguments();
        if (target == null || type.getReturnType().getDimensions() != dims.length) {
            // Found, but not poolable: said once here, so it is not also reported as matching nothing.
            scope.usage().matched(rule);
            scope.usage().cannotApply(rule, whyNot(scope, type.getReturnType(), dims.length));
            return false;
        }
        // The call is served by the pool only if the factory's body is exactly what the pool does instead.
        FactoryGate.Admission admission = gate.admit(scope.loader(), scope.internalName(), rule);
        if (admission.kind() != FactoryGate.Admission.Kind.POOLED) {
            scope.usage().matched(rule);
            if (admission.kind() == FactoryGate.Admission.Kind.REFUSED) {
                scope.usage().cannotApply(rule, admission.refusal());
                return false;
            }
            return notePlainResult(method, call, scope.api().madeByPendingFactory());
        }
        int flags = rule.zeroes() ? 0 : Sites.NO_ZERO;
        PendingSite site = scope.site(method, call, rule, flags, "borrow " + type.getReturnType().getClassName());
        InsnList before = new InsnList();
        Type[] params = type.getArgumentTypes();
        if (isIdentity(dims, params.length) && !(admission.rowLoop() && dims.length > 1)) {
            method.maxStack += 1;
        } else {
            ArgumentStash stash = ArgumentStash.of(method, params);
            before.add(stash.store());
            for (int i = 0; i < dims.length; i++) {
                before.add(stash.load(dims[i]));
                if (i > 0 && admission.rowLoop()) {
                    // The row loop makes no row when the outer size is 0, so an inner size is never checked
                    // then: pass d & ((d0 | -d0) >> 31), which is d unless d0 == 0, and 0 then (no branch).
                    before.add(stash.load(dims[0]));
                    before.add(stash.load(dims[0]));
                    before.add(new InsnNode(Opcodes.INEG));
                    before.add(new InsnNode(Opcodes.IOR));
                    before.add(new IntInsnNode(Opcodes.BIPUSH, 31));
                    before.add(new InsnNode(Opcodes.ISHR));
                    before.add(new InsnNode(Opcodes.IAND));
                }
            }
            method.maxStack += dims.length + 1 + (admission.rowLoop() ? 3 : 0);
        }
        before.add(site.push());
        method.instructions.insertBefore(call, before);
        method.instructions.set(call, target.call());
        return true;
    }

    /**
     * A call left plain until its factory's body is checked (this class is rewritten again then): its result is
     * noted, so a release rule's call that gets it meanwhile is not reported as a foreign return. No branch.
     */
    private static boolean notePlainResult(MethodNode method, MethodInsnNode call, RuntimeApi.Target note) {
        if (note == null) return false;
        InsnList after = new InsnList();
        after.add(new InsnNode(Opcodes.DUP));
        after.add(note.call());
        method.instructions.insert(call, after);
        method.maxStack += 1;
        return true;
    }

    private static String whyNot(ClassScope scope, Type returned, int dims) {
        String name = returned.getClassName();
        if (returned.getSort() == Type.ARRAY && returned.getDimensions() <= 4 && returned.getDimensions() == dims
                && returned.getElementType().getSort() >= Type.BYTE && returned.getElementType().getSort() <= Type.DOUBLE
                && returned.getElementType().getSort() != Type.CHAR) {
            return "the runtime has no " + scope.api().owner().replace('/', '.') + "."
                    + returned.getElementType().getClassName() + dims + "d for " + name
                    + "; calls are left as they are";
        }
        return "returns " + name + " from " + dims + " dimension(s); only float, double, int, long, short and byte"
                + " arrays of rank 1 to 4, one dimension per rank, are pooled; calls are left as they are";
    }

    private static boolean isIdentity(int[] dims, int paramCount) {
        if (dims.length != paramCount) return false;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != i) return false;
        }
        return true;
    }
}
