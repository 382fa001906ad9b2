package dev.autopool.agent.analysis;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * Summarises callees from the code a {@link CodeBase} knows (never loading a class, never reading a resource): an
 * allowlist first, then the bytecode of the one method the call can run, analysed to a bounded depth. A call runs
 * one known method only when nothing can override it: a static or private method, an {@code invokespecial}, a
 * final method, or any method of a final class. Hidden classes and subclasses defined later never pass through
 * a check the agent could rely on, so a virtual call with any other target is taken to leak every argument, and so
 * is a native method, a recursive chain, or a class the code base does not know (not linked yet, or not with
 * bytes the agent saw). Each summary says which classes it read; each class the method lookup passes counts.
 */
final class ClassFileCallees implements Callees {
    static final int MAX_CALL_DEPTH = 4;
    private static final ThreadLocal<Set<String>> IN_PROGRESS = ThreadLocal.withInitial(HashSet::new);

    private final CodeBase code;
    private final BorrowRules rules;
    private final SummaryCache cache;

    ClassFileCallees(CodeBase code, BorrowRules rules, SummaryCache cache) {
        this.code = code;
        this.rules = rules;
        this.cache = cache;
    }

    @Override
    public CalleeSummary summaryOf(MethodInsnNode call, int depth) {
        int arguments = Type.getArgumentTypes(call.desc).length + (call.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
        CalleeSummary listed = Allowlist.summaryOf(call, arguments, rules.poolOwner());
        if (listed != null) {
            return listed;
        }
        if (depth + 1 >= MAX_CALL_DEPTH) {
            return CalleeSummary.unknown(arguments, "calls deeper than the analysis follows");
        }
        String key = call.getOpcode() + " " + call.owner + "." + call.name + call.desc;
        Map<String, CalleeSummary> summaries = cache.summaries(code.loader());
        CalleeSummary cached = summaries.get(key);
        if (cached != null) {
            return cached;
        }
        Set<String> active = IN_PROGRESS.get();
        String activeKey = code.loader() + " " + key;
        if (!active.add(activeKey)) {
            return CalleeSummary.unknown(arguments, "is part of a recursive call chain");
        }
        try {
            CalleeSummary computed = compute(call, arguments, depth + 1);
            if (computed.waitingFor().isEmpty()) {
                summaries.putIfAbsent(key, computed);
            }
            return computed;
        } finally {
            active.remove(activeKey);
        }
    }

    /** A class can hand out a borrow only if its constant pool names the runtime or a configured factory. */
    @Override
    public boolean mayHandOutBorrows(String owner) {
        if (isPlatform(owner)) {
            return false;
        }
        Map<String, Boolean> known = cache.handsOutBorrows(code.loader());
        Boolean answer = known.get(owner);
        if (answer == null) {
            // Unknown classes answer false, which is always safe (a result not tracked is never released).
            if (!(code.find(owner) instanceof CodeBase.Known k)) {
                return false;
            }
            answer = mentionsAny(k.bytes(), rules.borrowOwners());
            known.put(owner, answer);
        }
        return answer;
    }

    @Override
    public Set<ClassKey> pooledFactory(MethodInsnNode call, int[] dims) {
        if (!(code.find(call.owner) instanceof CodeBase.Known owner)) {
            return null;
        }
        org.objectweb.asm.tree.ClassNode node = new org.objectweb.asm.tree.ClassNode();
        new org.objectweb.asm.ClassReader(owner.bytes()).accept(node, 0);
        for (MethodNode m : node.methods) {
            if (m.name.equals(call.name) && m.desc.equals(call.desc) && (m.access & Opcodes.ACC_STATIC) != 0) {
                return FactoryBodyCheck.check(node, m, dims) == null ? Set.of(owner.key()) : null;
            }
        }
        return null;
    }

    private static boolean isPlatform(String owner) {
        return JdkClasses.contains(owner) || owner.startsWith("[");
    }

    /** Whether the class file holds one of the names as a constant-pool string (a byte search, no parse). */
    private static boolean mentionsAny(byte[] classFile, Set<String> internalNames) {
        for (String name : internalNames) {
            byte[] needle = name.getBytes(StandardCharsets.UTF_8);
            outer:
            for (int i = 0; i + needle.length <= classFile.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (classFile[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private CalleeSummary compute(MethodInsnNode call, int arguments, int depth) {
        Set<ClassKey> read = new HashSet<>();
        CodeBase.Lookup ownerLookup = code.find(call.owner);
        if (!(ownerLookup instanceof CodeBase.Known owner)) {
            return unknownClass(arguments, call.owner, (CodeBase.Unknown) ownerLookup);
        }
        read.add(owner.key());
        CalleeCode ownerNode = CalleeCode.read(owner.bytes(), call.name, call.desc);
        CodeBase.Known declaring = owner;
        CalleeCode declaringNode = ownerNode;
        MethodNode target = ownerNode.method;
        // Resolution walks the super classes the JVM linked, each known in its own loader's view.
        while (target == null && declaringNode.superName != null && call.getOpcode() != Opcodes.INVOKEINTERFACE) {
            CodeBase.Lookup up = declaring.definedIn().find(declaringNode.superName);
            if (!(up instanceof CodeBase.Known superClass)) {
                return unknownClass(arguments, declaringNode.superName, (CodeBase.Unknown) up);
            }
            read.add(superClass.key());
            declaring = superClass;
            declaringNode = CalleeCode.read(superClass.bytes(), call.name, call.desc);
            target = declaringNode.method;
        }
        if (target == null) {
            return CalleeSummary.unknown(arguments, "the analysis cannot resolve");
        }
        boolean exact = call.getOpcode() == Opcodes.INVOKESTATIC || call.getOpcode() == Opcodes.INVOKESPECIAL
                || (target.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) != 0
                || (call.getOpcode() == Opcodes.INVOKEVIRTUAL && (ownerNode.access & Opcodes.ACC_FINAL) != 0);
        if (!exact) {
            return CalleeSummary.unknown(arguments, "a subclass may override");
        }
        if (target.instructions.size() == 0) {
            return CalleeSummary.unknown(arguments, "has no bytecode (native or abstract)");
        }
        if (target.instructions.size() > EscapeAnalysis.MAX_INSTRUCTIONS) {
            return CalleeSummary.unknown(arguments, "is too large to analyse");
        }
        try {
            ClassFileCallees inDeclaring = declaring.definedIn() == code ? this
                    : new ClassFileCallees(declaring.definedIn(), rules, cache);
            MethodAnalysis a = MethodAnalysis.ofCallee(declaringNode.name, declaringNode.sourceFile, target, rules,
                    inDeclaring, depth);
            return summarise(a, arguments).alsoDependingOn(read);
        } catch (AnalyzerException | RuntimeException e) {
            return CalleeSummary.unknown(arguments, "the analysis cannot follow (" + e.getMessage() + ")");
        }
    }

    /** A class the lookup does not know: every argument escapes, and a name not linked yet is waited for. */
    private static CalleeSummary unknownClass(int arguments, String name, CodeBase.Unknown why) {
        return CalleeSummary.unknown(arguments, "is in " + name.replace('/', '.') + ", which " + why.reason(),
                Set.of(), why.waiting() ? Set.of(name) : Set.of());
    }

    private static CalleeSummary summarise(MethodAnalysis a, int arguments) {
        Effect[] effects = new Effect[arguments];
        String[] reasons = new String[arguments];
        for (int i = 0; i < arguments; i++) {
            String escape = null;
            String released = null;
            String returned = null;
            // The log keys parameters with their dims; look them up by kind and index.
            for (Source s : a.log.sourcesOf(Source.Kind.PARAMETER, i)) {
                escape = escape != null ? escape : a.log.escapeOf(s);
                released = released != null ? released : a.log.releaseOf(s);
                returned = returned != null ? returned : a.log.returnOf(s);
            }
            if (escape != null || (released != null && returned != null)) {
                effects[i] = Effect.ESCAPES;
                reasons[i] = "may leak it: " + (escape != null ? escape : "returned and released");
            } else if (released != null) {
                effects[i] = Effect.RELEASED_BY_CALLEE;
            } else if (returned != null) {
                effects[i] = Effect.RETURNED;
            } else {
                effects[i] = Effect.HARMLESS;
            }
        }
        boolean returnsBorrow = a.log.returnsOnlyBorrows() && a.log.borrows().values().stream()
                .filter(b -> a.log.returnOf(b) != null)
                .allMatch(b -> a.log.escapeOf(b) == null && a.log.releaseOf(b) == null);
        return new CalleeSummary(effects, reasons, returnsBorrow, Set.copyOf(a.log.dependsOn()),
                Set.copyOf(a.log.waitingFor()));
    }
}
