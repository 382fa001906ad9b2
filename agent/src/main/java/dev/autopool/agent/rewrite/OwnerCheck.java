package dev.autopool.agent.rewrite;

import dev.autopool.agent.config.Rule;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * When a class a rule names loads, checks that it has the rule's method: a rule naming an unknown class is not an
 * error until that class appears, and then a wrong method name or parameter list is said once.
 */
final class OwnerCheck {
    private OwnerCheck() {}

    static void check(ClassNode node, RewritePlan plan, RuleUsage usage) {
        for (Rule rule : plan.rules()) {
            if (rule.method() == null || !rule.method().owner().equals(node.name)) continue;
            MethodNode found = null;
            for (MethodNode m : node.methods) {
                if (m.name.equals(rule.method().name()) && m.desc.startsWith(rule.method().paramDescriptor())) {
                    found = m;
                }
            }
            boolean isStatic = found != null && (found.access & Opcodes.ACC_STATIC) != 0;
            if (found == null) {
                String wanted = rule.method().toString();
                usage.cannotApply(rule, node.name.replace('/', '.') + " has no method "
                        + wanted.substring(wanted.indexOf('#') + 1) + "; check the name and the parameter types");
            } else if (rule.kind() == Rule.Kind.FACTORY && !isStatic) {
                usage.cannotApply(rule, "the method is not static; a factory rule names a static method");
            } else if (rule.kind() == Rule.Kind.LIFECYCLE && isStatic) {
                usage.cannotApply(rule, "the method is static; a lifecycle rule names an instance method");
            }
        }
    }
}
