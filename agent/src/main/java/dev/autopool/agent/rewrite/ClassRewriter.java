package dev.autopool.agent.rewrite;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
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
            return rewrite(reader, classFile, node, scope, registry);
        } catch (RuntimeException | Error e) {
            for (MethodRewrite rewrite : rewrites) rewrite.abandoned(scope, null);
            throw e;
        }
    }

    private Result rewrite(ClassReader reader, byte[] classFile, ClassNode node, ClassScope scope,
                           SiteRegistry registry) {
        for (MethodRewrite rewrite : rewrites) rewrite.beforeClass(scope);
        boolean changed = false;
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
            if (CodeSize.max(method) > MAX_CODE_BYTES) {
                scope.forget(method);
                for (MethodRewrite rewrite : rewrites) rewrite.abandoned(scope, method);
                node.methods.set(i, original(classFile, i));
                log.accept("autopool REWRITE-SKIPPED " + node.name.replace('/', '.') + "." + method.name
                        + method.desc + " is left as it was: rewritten, its code would pass the JVM's 64 KiB limit");
                continue;
            }
            verify(node.name, method);
            changed = true;
        }
        for (MethodRewrite rewrite : rewrites) rewrite.afterClass(scope);
        if (!changed) return null;
        List<SiteInfo> sites = scope.commit(registry);
        ClassWriter writer = new ClassWriter(reader, 0);
        node.accept(writer);
        return new Result(writer.toByteArray(), sites);
    }

    /** A rewritten class file and the sites registered for it. */
    public record Result(byte[] classFile, List<SiteInfo> sites) {}

    /** Stack heights, local slots and value kinds of a changed method, checked without loading any class. */
    private static void verify(String owner, MethodNode method) {
        try {
            new Analyzer<>(new BasicVerifier()).analyze(owner, method);
        } catch (AnalyzerException e) {
            throw new IllegalStateException("rewritten " + method.name + method.desc + " fails verification: "
                    + e.getMessage(), e);
        }
    }

    private static MethodNode original(byte[] classFile, int index) {
        ClassNode fresh = new ClassNode();
        new ClassReader(classFile).accept(fresh, 0);
        return fresh.methods.get(index);
    }
}
