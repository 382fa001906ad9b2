package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.BorrowRules;
import dev.autopool.agent.analysis.CodeBase;
import dev.autopool.agent.analysis.EscapeAnalysis;
import dev.autopool.agent.analysis.LoaderAnalyses;
import dev.autopool.agent.analysis.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Whether the array in a {@code lifecycle} class's field can be kept by anyone past the lifecycle method, which
 * hands it back to the pool: then a pooled {@code new} stored there could be lent again while still read. It
 * cannot when the field is private (no other class reads it), the class has no nestmates (which read private
 * fields directly), the class is final (a subclass could be {@code Cloneable}, and {@code Object.clone} copies
 * the field without any read the agent sees), neither it nor a supertype is {@code Cloneable}, and no read of the
 * field in the class's own methods lets the value escape (returned by a getter, stored elsewhere, passed to a
 * call the escape analysis cannot prove harmless). The reads are judged by the escape analysis itself: each
 * {@code getfield} of the field, in a copy of the class as loaded, becomes a borrow of its own.
 *
 * <p>Supertypes are not read: a class that extends anything but {@code Object}, or implements an interface
 * outside the JDK, stays plain (the agent cannot tell whether it is {@code Cloneable} without loading it).
 */
final class LifecycleFieldReads {
    /** Site ids of the stand-in borrows, far above any the analysis could confuse them with. */
    private static final int MARKER = 1_000_000_000;

    private LoaderAnalyses analyses;
    private final Map<ClassNode, Map<String, String>> answers = new WeakHashMap<>();

    /** Null when nothing can keep {@code field}'s array past the lifecycle method; otherwise why, for the user. */
    synchronized String whyKept(ClassScope scope, FieldNode field) {
        Map<String, String> byField = answers.computeIfAbsent(scope.node(), n -> new HashMap<>());
        String answer = byField.get(field.name);
        if (answer == null) {
            String why = judge(scope, field);
            answer = why == null ? "" : why;
            byField.put(field.name, answer);
        }
        return answer.isEmpty() ? null : answer;
    }

    private String judge(ClassScope scope, FieldNode field) {
        ClassNode node = scope.node();
        String owner = simple(node.name);
        String name = owner + "." + field.name;
        if ((field.access & Opcodes.ACC_PRIVATE) == 0) {
            return "field " + name + " is not private, so other classes may read it";
        }
        if (node.nestHostClass != null || (node.nestMembers != null && !node.nestMembers.isEmpty())) {
            return owner + " has nested classes, which may read its private field " + field.name;
        }
        if ((node.access & Opcodes.ACC_FINAL) == 0) {
            return owner + " is not final: a subclass may be Cloneable (Object.clone copies field " + field.name + ")";
        }
        if (!node.superName.equals("java/lang/Object")) {
            return owner + " extends " + node.superName.replace('/', '.') + ", which the agent does not read (it may"
                    + " be Cloneable: Object.clone copies field " + field.name + ")";
        }
        for (String i : node.interfaces) {
            String cloneable = cloneable(i);
            if (cloneable != null) return owner + " " + cloneable + " (Object.clone copies field " + field.name + ")";
            String serializable = serializable(i);
            if (serializable != null) return owner + " " + serializable;
        }
        String reflective = ReflectiveFieldAccess.why(scope.original());
        if (reflective != null) return reflective;
        return escapingRead(scope, field);
    }

    /** Null when interface {@code i} is a JDK interface that does not extend {@code Cloneable}. */
    static String cloneable(String i) {
        if (!i.startsWith("java/") && !i.startsWith("javax/")) {
            return "implements " + i.replace('/', '.') + ", which the agent does not read (it may extend Cloneable)";
        }
        try {
            // A JDK interface, from the boot or platform loader: never an app class, never transformed.
            Class<?> c = Class.forName(i.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            if (!Cloneable.class.isAssignableFrom(c)) return null;
            return c == Cloneable.class ? "is Cloneable" : "is Cloneable (through " + c.getName() + ")";
        } catch (ClassNotFoundException | LinkageError e) {
            return "implements " + i.replace('/', '.') + ", which the agent cannot find";
        }
    }

    /**
     * Null unless JDK interface {@code i} is or extends {@code Serializable}: serialization reads the object's fields
     * unseen, and an {@code ObjectOutputStream} keeps every array it wrote, so a recycled one would be written as a
     * back-reference to an earlier object's.
     */
    static String serializable(String i) {
        try {
            Class<?> c = Class.forName(i.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            if (!java.io.Serializable.class.isAssignableFrom(c)) return null;
            return "is Serializable" + (c == java.io.Serializable.class ? "" : " (through " + c.getName() + ")")
                    + ": serialization reads its fields unseen, and a stream keeps every array it wrote";
        } catch (ClassNotFoundException | LinkageError e) {
            return "implements " + i.replace('/', '.') + ", which the agent cannot find";
        }
    }

    /** Why a read of the field lets its value escape in one of the class's methods, or null. */
    private String escapingRead(ClassScope scope, FieldNode field) {
        // Only the class's own bytes: a read that reaches any other class's code counts as an escape, so the
        // answer rests on no code but the bytes being defined (no resource read, nothing to guard).
        String self = scope.internalName();
        byte[] own = scope.classFile();
        EscapeAnalysis analysis = analyses(scope).of(CodeBase.ofClassFiles(name -> name.equals(self) ? own : null,
                "this check does not follow (a lifecycle field's reads are judged on its class's own bytes alone)"));
        BorrowRules rules = analysis.rules();
        Type type = Type.getType(field.desc);
        String element = type.getElementType().getClassName();
        ClassNode copy = scope.original();
        for (MethodNode m : copy.methods) {
            int reads = standInBorrows(copy.name, field, m, rules.poolOwner(), element + type.getDimensions() + "d");
            if (reads == 0) continue;
            List<Verdict> verdicts = new ArrayList<>();
            for (Verdict v : analysis.verdicts(copy.name, copy.sourceFile, m)) {
                if (v.site() >= MARKER) verdicts.add(v);
            }
            String in = simple(copy.name) + "." + m.name + "()";
            if (verdicts.size() < reads) {
                return "field " + simple(copy.name) + "." + field.name + " is read in " + in
                        + ", which the escape analysis cannot follow";
            }
            for (Verdict v : verdicts) {
                if (v.kind() != Verdict.Kind.ESCAPES) continue;
                String what = v.reason().startsWith("returned at ") ? "is returned by " + in + " at "
                        + v.reason().substring("returned at ".length()) : "escapes from " + in + ": " + v.reason();
                return "field " + simple(copy.name) + "." + field.name + " " + what;
            }
        }
        return null;
    }

    /** Turns each read of {@code field} in {@code m} into a stand-in borrow with a marker site; returns how many. */
    private static int standInBorrows(String owner, FieldNode field, MethodNode m, String poolOwner, String factory) {
        InsnList insns = m.instructions;
        int count = 0;
        for (AbstractInsnNode insn : insns.toArray()) {
            if (insn instanceof FieldInsnNode get && get.getOpcode() == Opcodes.GETFIELD && get.owner.equals(owner)
                    && get.name.equals(field.name) && get.desc.equals(field.desc)) {
                // objectref -> array, as before: the receiver becomes the stand-in's first argument.
                insns.insertBefore(insn, new LdcInsnNode(MARKER + count));
                insns.set(insn, new MethodInsnNode(Opcodes.INVOKESTATIC, poolOwner, factory,
                        "(Ljava/lang/Object;I)" + field.desc, false));
                count++;
            }
        }
        if (count > 0) m.maxStack += 1;
        return count;
    }

    private synchronized LoaderAnalyses analyses(ClassScope scope) {
        if (analyses == null) {
            analyses = scope.newAnalyses();
        }
        return analyses;
    }

    private static String simple(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }
}
