package dev.autopool.agent.rewrite;

import dev.autopool.agent.config.Rule;
import org.objectweb.asm.Handle;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Says where a {@code factory} or {@code release} rule's method is used through a method reference
 * ({@code M::free}, {@code M::f}): calls made through one are not rewritten, so a factory's arrays stay plain and
 * a release's arrays do not go home. Without this line, the leak report ("add a release") and the foreign-return
 * report ("release only buffers a pooled factory returned") would be the only trace, and both would mislead.
 * Changes nothing.
 */
final class MethodReferenceNotice implements MethodRewrite {

    @Override
    public boolean rewrite(ClassScope scope, MethodNode method) {
        for (AbstractInsnNode insn : method.instructions) {
            if (!(insn instanceof InvokeDynamicInsnNode indy)) continue;
            for (Object arg : indy.bsmArgs) {
                if (!(arg instanceof Handle h)) continue;
                Rule rule = scope.plan().callRuleFor(h.getOwner(), h.getName(), h.getDesc());
                if (rule == null || (rule.kind() != Rule.Kind.FACTORY && rule.kind() != Rule.Kind.RELEASE)) continue;
                scope.usage().matched(rule);
                scope.usage().cannotApply(rule, "used through a method reference at " + scope.where(method, insn)
                        + "; calls made through it are left as they are ("
                        + (rule.kind() == Rule.Kind.FACTORY ? "their arrays are plain new ones)"
                                : "their arrays do not go home)"));
            }
        }
        return false;
    }
}
