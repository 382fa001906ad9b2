package dev.autopool.agent.rewrite;

import java.util.Set;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Whether a class's own code may read its private fields without a {@code getfield} the agent sees: a
 * {@code VarHandle}, {@code MethodHandle} or {@code Field} it makes for itself (its {@code MethodHandles.lookup()}
 * has full access to its privates, as has its own {@code Class.getDeclaredField}), a field handle constant, or an
 * {@code invokedynamic}/dynamic constant whose bootstrap is not one of the JDK's lambda or string-concatenation
 * factories (the JVM hands every bootstrap a full-access lookup of the class). A {@code lifecycle} or {@code owned}
 * field of such a class could be kept past its owner unseen, so it stays plain. Reflection from other classes
 * ({@code setAccessible}, {@code privateLookupIn}) is outside what the agent can see, and documented as such.
 */
final class ReflectiveFieldAccess {
    /** Bootstraps javac emits that make no field access: lambdas and method references, string concatenation. */
    private static final Set<String> PLAIN_BOOTSTRAPS = Set.of("java/lang/invoke/LambdaMetafactory",
            "java/lang/invoke/StringConcatFactory");

    private ReflectiveFieldAccess() {}

    /** Why {@code node}'s own code may reach its fields reflectively, or null. */
    static String why(ClassNode node) {
        String owner = node.name.substring(node.name.lastIndexOf('/') + 1);
        for (MethodNode m : node.methods) {
            String in = owner + "." + m.name + "()";
            for (AbstractInsnNode insn : m.instructions) {
                String what = what(insn);
                if (what != null) {
                    return owner + " " + what + " in " + in + ", which may read or write its private fields unseen"
                            + " (a VarHandle, MethodHandle or Field)";
                }
            }
        }
        return null;
    }

    private static String what(AbstractInsnNode insn) {
        if (insn instanceof MethodInsnNode call) {
            if (call.owner.equals("java/lang/invoke/MethodHandles")
                    && (call.name.equals("lookup") || call.name.equals("privateLookupIn"))) {
                return "calls MethodHandles." + call.name;
            }
            if (call.owner.equals("java/lang/Class") && call.name.startsWith("getDeclaredField")) {
                return "calls Class." + call.name;
            }
            return null;
        }
        if (insn instanceof LdcInsnNode ldc) {
            return constant(ldc.cst);
        }
        if (insn instanceof InvokeDynamicInsnNode indy) {
            if (!PLAIN_BOOTSTRAPS.contains(indy.bsm.getOwner())) {
                return "has an invokedynamic bootstrapped by " + indy.bsm.getOwner().replace('/', '.') + "."
                        + indy.bsm.getName();
            }
            for (Object arg : indy.bsmArgs) {
                String what = constant(arg);
                if (what != null) return what;
            }
        }
        return null;
    }

    /** Why a constant may reach a field: a field handle, or a dynamic constant (its bootstrap gets full access). */
    private static String constant(Object cst) {
        if (cst instanceof Handle h && h.getTag() <= Opcodes.H_PUTSTATIC) {
            return "loads a handle to field " + h.getName();
        }
        if (cst instanceof ConstantDynamic condy) {
            return "loads a dynamic constant bootstrapped by " + condy.getBootstrapMethod().getOwner().replace('/', '.')
                    + "." + condy.getBootstrapMethod().getName();
        }
        return null;
    }
}
