package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.FactoryBodyCheck;
import dev.autopool.agent.config.Rule;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Decides, per calling class, whether a {@code factory} rule's calls may be served from the pool: only when the
 * factory class that caller links has a body {@link FactoryBodyCheck} accepts. A rewritten call site never links
 * the factory's class, so the answer must come from the bytes that class was defined with; until they are
 * known the call stays plain ({@link Admission#NOT_YET}).
 */
public interface FactoryGate {

    /**
     * The answer for the calls of one rule in one class. {@code rowLoop}: the factory is {@code new T[a][]} and a
     * row loop, which (unlike {@code new T[a][b]}) throws nothing when {@code a} is 0 and an inner size negative,
     * so its pooled calls must not either.
     */
    record Admission(Kind kind, String refusal, boolean rowLoop) {
        public enum Kind { POOLED, REFUSED, NOT_YET }

        public static final Admission POOLED = new Admission(Kind.POOLED, null, false);
        public static final Admission POOLED_ROW_LOOP = new Admission(Kind.POOLED, null, true);

        public static Admission refused(String what) {
            return new Admission(Kind.REFUSED, what, false);
        }

        public static Admission notYet(String why) {
            return new Admission(Kind.NOT_YET, why, false);
        }
    }

    /**
     * A class is defined (or retransformed) by {@code loader} with this tree, before any rewrite touches it: the
     * moment a gate that watches definitions checks a factory's body. {@code firstDefinition} is false for a
     * redefinition or retransformation of a class already running.
     */
    default void defined(ClassLoader loader, ClassNode node, boolean firstDefinition) {}

    /** Whether calls to {@code rule}'s method in class {@code caller} (internal name) of {@code loader} are pooled. */
    Admission admit(ClassLoader loader, String caller, Rule rule);

    /** The answer {@code rule} gets from the body of its method in {@code owner}, the factory's class. */
    static Admission judge(ClassNode owner, Rule rule) {
        MethodNode found = null;
        for (MethodNode m : owner.methods) {
            if (m.name.equals(rule.method().name()) && m.desc.startsWith(rule.method().paramDescriptor())
                    && (m.access & Opcodes.ACC_STATIC) != 0) {
                found = m;
            }
        }
        if (found == null) {
            return Admission.refused("no static method of that name and parameters in its class");
        }
        String what = FactoryBodyCheck.check(owner, found, rule.dimensionArguments());
        if (what != null) return Admission.refused(what + "; calls are left as they are");
        return FactoryBodyCheck.fillsRows(found) ? Admission.POOLED_ROW_LOOP : Admission.POOLED;
    }

    /**
     * For {@code audit} and tests: factory classes read from {@code classFiles} (internal name to bytes, null when
     * absent), as the given class files define them; a factory whose class is not there is refused, saying so.
     */
    static FactoryGate ofClassFiles(Function<String, byte[]> classFiles) {
        Map<String, ClassNode> parsed = new ConcurrentHashMap<>();
        return (loader, caller, rule) -> {
            String owner = rule.method().owner();
            ClassNode node = parsed.computeIfAbsent(owner, o -> {
                byte[] bytes = classFiles.apply(o);
                if (bytes == null) return new ClassNode();
                ClassNode n = new ClassNode();
                new ClassReader(bytes).accept(n, 0);
                return n;
            });
            return node.name == null ? Admission.refused("its class " + owner.replace('/', '.') + " is not among the"
                    + " classes read, so its body cannot be checked here (the agent checks it when the app defines"
                    + " it)") : judge(node, rule);
        };
    }
}
