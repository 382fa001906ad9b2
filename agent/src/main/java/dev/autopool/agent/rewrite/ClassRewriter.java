package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.SparseAnalyzer;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicVerifier;

/**
 * Rewrites one class file: a cheap selection first (the class's name, then its constant pool), then the
 * {@link Rewrites} on each method of the class tree, a size and a stack check of every changed method, and
 * only then site registration and writing. Frames are never recomputed (the automatic release extends them
 * without a type merge), so no class is ever loaded.
 *
 * <p>Thread-safe: the JVM may load classes on many threads at once.
 */
public final class ClassRewriter {
    /** The JVM's limit on a method's code. */
    static final int MAX_CODE_BYTES = 65535;
    /** The JVM's limit on a method's local slots and on its operand stack (both are u2 in the class file). */
    static final int MAX_SLOTS = 65535;

    private final RewritePlan plan;
    private final List<MethodRewrite> rewrites;
    private final RuntimeApi api;
    private final RuleUsage usage;
    private final ConstantPoolScan scan;
    private final Consumer<String> log;

    /** {@code log} receives the one line said about a method left alone. */
    public ClassRewriter(RewritePlan plan, List<MethodRewrite> rewrites, RuntimeApi api, RuleUsage usage,
                         Consumer<String> log) {
        this.plan = plan;
        this.rewrites = List.copyOf(rewrites);
        this.api = api;
        this.usage = usage;
        this.log = log;
        Set<String> names = plan.ruleOwners();
        for (MethodRewrite r : rewrites) names.addAll(r.mentions());
        this.scan = new ConstantPoolScan(names);
    }

    /** Whether any rule could apply to this class: by its name, or because its constant pool names a rule owner. */
    public boolean selects(String internalName, byte[] classFile) {
        return (internalName != null && plan.selectsByName(internalName)) || scan.mentionsAny(classFile);
    }

    /**
     * The rewritten class file, or null when no rule changed anything. Throws when the class cannot be rewritten
     * (unreadable, or a changed method fails the stack check); nothing is registered then.
     */
    public Result rewrite(byte[] classFile, ClassLoader loader, SiteRegistry registry) {
        return rewrite(classFile, loader, registry, true);
    }

    /**
     * As {@link #rewrite(byte[], ClassLoader, SiteRegistry)}; {@code firstDefinition} is false for a class being
     * retransformed or redefined. If the rewrite throws, every rewrite hears that the class stays as it was
     * ({@link MethodRewrite#abandoned}).
     */
    public Result rewrite(byte[] classFile, ClassLoader loader, SiteRegistry registry, boolean firstDefinition) {
        ClassReader reader = new ClassReader(classFile);
        ClassNode node = new ClassNode();
        reader.accept(node, 0);
        OwnerCheck.check(node, plan, usage);
        ClassScope scope = new ClassScope(node, plan, api, usage, loader, classFile);
        scope.firstDefinition(firstDefinition);
        try {
            return rewrite(reader, node, scope, registry);
        } catch (RuntimeException | Error e) {
            for (MethodRewrite rewrite : rewrites) rewrite.abandoned(scope, null);
            throw e;
        }
    }

    private Result rewrite(ClassReader reader, ClassNode node, ClassScope scope,
                           SiteRegistry registry) {
        for (MethodRewrite rewrite : rewrites) rewrite.beforeClass(scope);
        boolean changed = false;
        boolean[] rewritten = new boolean[node.methods.size()];
        for (int i = 0; i < node.methods.size(); i++) {
            MethodNode method = node.methods.get(i);
            if (method.instructions.size() == 0) continue;
            boolean methodChanged = false;
            for (MethodRewrite rewrite : rewrites) {
                methodChanged |= rewrite.rewrite(scope, method);
            }
            if (!methodChanged) {
                scope.forget(method);
                continue;
            }
            String over = CodeSize.max(method) > MAX_CODE_BYTES ? "its code would pass the JVM's 64 KiB limit"
                    : method.maxLocals > MAX_SLOTS ? "its locals (with the agent's hidden ones) would pass the JVM's"
                            + " limit of 65535 slots"
                    : method.maxStack > MAX_SLOTS ? "its operand stack would pass the JVM's limit of 65535 slots"
                    : null;
            if (over != null) {
                // A class file cannot say more than 65535 (the sizes are u2): written anyway, the JVM would refuse
                // the whole class (ClassFormatError) and the app with it.
                scope.forget(method);
                for (MethodRewrite rewrite : rewrites) rewrite.abandoned(scope, method);
                log.accept("autopool REWRITE-SKIPPED " + node.name.replace('/', '.') + "." + method.name
                        + method.desc + " is left as it was: rewritten, " + over);
                continue;
            }
            verify(node.name, method);
            rewritten[i] = true;
            changed = true;
        }
        for (MethodRewrite rewrite : rewrites) rewrite.afterClass(scope);
        if (!changed) return null;
        List<SiteInfo> sites = scope.commit(registry);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new RewrittenMethods(writer, node, rewritten), 0);
        return new Result(writer.toByteArray(), sites);
    }

    /**
     * Writes the class as it was read, with each rewritten method taken from the tree instead. An untouched method
     * goes straight from the reader to the writer, which then copies its bytes as they are (ASM does this when a
     * {@link ClassWriter} built with the reader is handed the reader's method): only rewritten methods are
     * serialised again. The rewrites change methods only, never the class's other parts.
     */
    private static final class RewrittenMethods extends ClassVisitor {
        private final ClassNode node;
        private final boolean[] rewritten;
        private int index;

        RewrittenMethods(ClassWriter writer, ClassNode node, boolean[] rewritten) {
            super(Opcodes.ASM9, writer);
            this.node = node;
            this.rewritten = rewritten;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            MethodNode method = node.methods.get(index);
            if (!method.name.equals(name) || !method.desc.equals(descriptor)) {
                throw new IllegalStateException("method " + index + " of " + node.name + " is " + name + descriptor
                        + " in the class file but " + method.name + method.desc + " in its tree");
            }
            if (!rewritten[index++]) {
                return super.visitMethod(access, name, descriptor, signature, exceptions);
            }
            if ((node.version & 0xFFFF) < Opcodes.V1_6) {
                // Before Java 6 the JVM infers every type itself and a class file has no stack map frames: the
                // frames the inserted code carries (its handler's) are left out, as the original has none.
                method.accept(new FramesLeftOut(cv));
            } else {
                method.accept(cv);
            }
            return null;
        }
    }

    /** Writes a method without its stack map frames. */
    private static final class FramesLeftOut extends ClassVisitor {
        FramesLeftOut(ClassVisitor cv) {
            super(Opcodes.ASM9, cv);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                @Override
                public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
                    // none in a class file older than Java 6
                }
            };
        }
    }

    /** A rewritten class file and the sites registered for it. */
    public record Result(byte[] classFile, List<SiteInfo> sites) {}

    /** Stack heights, local slots and value kinds of a changed method, checked without loading any class. */
    private static void verify(String owner, MethodNode method) {
        try {
            // The same interpreter over every reachable instruction as ASM's Analyzer, keeping no frame per
            // instruction (see SparseAnalyzer).
            new SparseAnalyzer<>(new BasicVerifier()).check(owner, method);
        } catch (AnalyzerException e) {
            throw new IllegalStateException("rewritten " + method.name + method.desc + " fails verification: "
                    + e.getMessage(), e);
        }
    }

}
