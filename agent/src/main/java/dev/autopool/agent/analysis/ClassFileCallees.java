package dev.autopool.agent.analysis;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * Summarises callees by reading their class files (never loading them): an allowlist first, then the bytecode of
 * any method the call resolves to exactly, analysed to a bounded depth. Anything it cannot read or resolve
 * exactly (a virtual call that may be overridden, a native method, a recursive chain) is taken to leak every
 * argument. Summaries are cached; the cache is safe for concurrent class loading.
 */
final class ClassFileCallees implements Callees {
    static final int MAX_DEPTH = 4;
    private static final int MAX_CACHED_CLASSES = 256;

    private final Function<String, byte[]> classFiles;
    private final BorrowRules rules;
    private final Map<String, CalleeSummary> summaries = new ConcurrentHashMap<>();
    private final Map<String, ClassNode> classes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> handsOutBorrows = new ConcurrentHashMap<>();
    private final ThreadLocal<Set<String>> inProgress = ThreadLocal.withInitial(HashSet::new);

    ClassFileCallees(Function<String, byte[]> classFiles, BorrowRules rules) {
        this.classFiles = classFiles;
        this.rules = rules;
    }

    @Override
    public CalleeSummary summaryOf(MethodInsnNode call, int depth) {
        int arguments = Type.getArgumentTypes(call.desc).length + (call.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
        CalleeSummary listed = Allowlist.summaryOf(call, arguments);
        if (listed != null) {
            return listed;
        }
        if (depth + 1 >= MAX_DEPTH) {
            return CalleeSummary.unknown(arguments, "calls deeper than the analysis follows");
        }
        String key = call.getOpcode() + " " + call.owner + "." + call.name + call.desc;
        CalleeSummary cached = summaries.get(key);
        if (cached != null) {
            return cached;
        }
        Set<String> active = inProgress.get();
        if (!active.add(key)) {
            return CalleeSummary.unknown(arguments, "is part of a recursive call chain");
        }
        try {
            CalleeSummary computed = compute(call, arguments, depth + 1);
            summaries.putIfAbsent(key, computed);
            return computed;
        } finally {
            active.remove(key);
        }
    }

    /** A class can hand out a borrow only if its constant pool names the runtime or a configured factory. */
    @Override
    public boolean mayHandOutBorrows(String owner) {
        Boolean known = handsOutBorrows.get(owner);
        if (known == null) {
            known = !isPlatform(owner) && mentionsAny(bytesOf(owner), rules.borrowOwners());
            handsOutBorrows.put(owner, known);
        }
        return known;
    }

    private static boolean isPlatform(String owner) {
        return owner.startsWith("java/") || owner.startsWith("javax/") || owner.startsWith("jdk/")
                || owner.startsWith("sun/") || owner.startsWith("com/sun/") || owner.startsWith("[");
    }

    /** Whether the class file holds one of the names as a constant-pool string (a byte search, no parse). */
    private static boolean mentionsAny(byte[] classFile, Set<String> internalNames) {
        if (classFile == null) {
            return false;
        }
        for (String name : internalNames) {
            byte[] needle = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
        ClassNode owner = classNode(call.owner);
        if (owner == null) {
            return CalleeSummary.unknown(arguments, "the analysis cannot read as a class file");
        }
        ClassNode declaring = owner;
        MethodNode target = find(owner, call);
        while (target == null && declaring.superName != null && call.getOpcode() != Opcodes.INVOKEINTERFACE) {
            declaring = classNode(declaring.superName);
            if (declaring == null) {
                return CalleeSummary.unknown(arguments, "the analysis cannot resolve");
            }
            target = find(declaring, call);
        }
        if (target == null) {
            return CalleeSummary.unknown(arguments, "the analysis cannot resolve");
        }
        boolean exact = call.getOpcode() == Opcodes.INVOKESTATIC || call.getOpcode() == Opcodes.INVOKESPECIAL
                || (target.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) != 0
                || (call.getOpcode() == Opcodes.INVOKEVIRTUAL && (owner.access & Opcodes.ACC_FINAL) != 0);
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
            MethodAnalysis a = MethodAnalysis.ofCallee(declaring.name, declaring.sourceFile, target, rules, this, depth);
            return summarise(a, arguments);
        } catch (AnalyzerException | RuntimeException e) {
            return CalleeSummary.unknown(arguments, "the analysis cannot follow (" + e.getMessage() + ")");
        }
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
                effects[i] = Effect.RELEASED;
            } else if (returned != null) {
                effects[i] = Effect.RETURNED;
            } else {
                effects[i] = Effect.HARMLESS;
            }
        }
        boolean returnsBorrow = a.log.returnsOnlyBorrows() && a.log.borrows().values().stream()
                .filter(b -> a.log.returnOf(b) != null)
                .allMatch(b -> a.log.escapeOf(b) == null && a.log.releaseOf(b) == null);
        return new CalleeSummary(effects, reasons, returnsBorrow);
    }

    private static MethodNode find(ClassNode c, MethodInsnNode call) {
        for (MethodNode m : c.methods) {
            if (m.name.equals(call.name) && m.desc.equals(call.desc)) {
                return m;
            }
        }
        return null;
    }

    private byte[] bytesOf(String internalName) {
        try {
            return classFiles.apply(internalName);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private ClassNode classNode(String internalName) {
        ClassNode cached = classes.get(internalName);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = bytesOf(internalName);
        if (bytes == null) {
            return null;
        }
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, ClassReader.SKIP_FRAMES);
        if (classes.size() > MAX_CACHED_CLASSES) {
            classes.clear(); // parsed classes are only a speed-up; summaries stay cached
        }
        classes.putIfAbsent(internalName, node);
        return node;
    }
}
