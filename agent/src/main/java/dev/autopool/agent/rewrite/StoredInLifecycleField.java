package dev.autopool.agent.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * A {@code new} array comes home when it goes straight into an instance field of the class being rewritten and
 * that class has a {@code lifecycle} rule: the lifecycle method offers the field's array back. (If the app
 * overwrites the field before then, the earlier array is simply collected, never released while still in use:
 * a store into {@code this} names it to {@code Pools.storedOver}, which leaves it to the GC without a leak report;
 * in a constructor, a store after its {@code super(...)}/{@code this(...)} call does.) Only a field whose array
 * nothing can keep past the lifecycle method qualifies
 * ({@link LifecycleFieldReads}); for any other the {@code new} stays plain and the {@code arrays} rule says why.
 */
final class StoredInLifecycleField implements ArrayHomecoming {
    private final LifecycleFieldReads reads = new LifecycleFieldReads();

    @Override
    public boolean comesHome(ClassScope scope, MethodNode method, AbstractInsnNode allocation) {
        if (scope.plan().lifecycleRules(scope.internalName()).isEmpty()) return false;
        AbstractInsnNode next = allocation.getNext();
        while (next != null && next.getOpcode() < 0) next = next.getNext();
        if (!(next instanceof FieldInsnNode put) || put.getOpcode() != Opcodes.PUTFIELD
                || !put.owner.equals(scope.internalName())) {
            return false;
        }
        if (LifecycleRewrite.ruleFor(scope, method) != null) {
            // It releases what its fields held when it started: this array stays until a next call, if any.
            scope.usage().cannotApply(scope.plan().arraysRuleFor(scope.internalName()), "stays plain: "
                    + scope.where(method, allocation) + " stores a new array into field " + put.name + " inside the"
                    + " lifecycle method, which releases only what the fields held when it started");
            return false;
        }
        for (FieldNode f : scope.node().fields) {
            if (f.name.equals(put.name) && f.desc.equals(put.desc) && (f.access & Opcodes.ACC_STATIC) == 0) {
                String kept = reads.whyKept(scope, f);
                if (kept == null) return true;
                scope.usage().cannotApply(scope.plan().arraysRuleFor(scope.internalName()), "stays plain: " + kept
                        + " (a new array stored there is pooled only if nothing can keep it past the lifecycle"
                        + " method)");
                return false;
            }
        }
        return false;
    }
}
