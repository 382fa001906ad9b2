package dev.autopool.agent;

import dev.autopool.agent.rewrite.ClassFileResource;
import dev.autopool.agent.rewrite.ClassRewriter;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Classes already loaded when the agent starts (before {@code premain} finishes, or long before a dynamic
 * attach) are retransformed through the same transformer, so they are rewritten like any class loaded later.
 * Only classes the rules could touch are retransformed: their class files are read back from their loaders and
 * run through the same selection first, because retransforming a class costs the JVM a redefinition and the
 * deoptimisation of code compiled against it, even when nothing changes. A class whose file cannot be read back
 * (generated at run time) is retransformed anyway.
 */
final class LoadedClasses {
    /**
     * Set on the thread while autopool itself retransforms: the JVM runs the transformers of a retransformation on
     * the requesting thread, so the transformer can tell its own requests (which change no verdict's basis) from
     * anyone else's (which do).
     */
    private static final ThreadLocal<Boolean> OURS = new ThreadLocal<>();

    private LoadedClasses() {}

    /** Whether the transformer is running for a retransformation autopool asked for. */
    static boolean isAutopoolRetransform() {
        return OURS.get() != null;
    }

    /** Retransforms {@code classes} as autopool (one batch; one at a time if the batch fails). */
    static void retransformAsAutopool(Instrumentation inst, List<Class<?>> classes) {
        OURS.set(Boolean.TRUE);
        try {
            inst.retransformClasses(classes.toArray(Class<?>[]::new));
        } catch (Throwable batch) {
            // One bad class must not cost the others: try each alone.
            for (Class<?> c : classes) {
                try {
                    inst.retransformClasses(c);
                } catch (Throwable t) {
                    AgentLog.warning("autopool REWRITE-FAILED " + c.getName() + " (already loaded) is left"
                            + " unchanged: " + t);
                }
            }
        } finally {
            OURS.remove();
        }
    }

    static void retransform(Instrumentation inst, ClassRewriter rewriter) {
        if (!inst.isRetransformClassesSupported()) {
            AgentLog.warning("autopool AGENT this JVM cannot retransform; classes loaded before the agent stay as"
                    + " they are");
            return;
        }
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.isArray() || c.isPrimitive() || c.isHidden() || !inst.isModifiableClass(c)) continue;
            String internalName = c.getName().replace('.', '/');
            if (IgnoredClasses.ignores(internalName, c.getClassLoader())) continue;
            byte[] classFile = classFile(c.getClassLoader(), internalName);
            if (classFile == null || rewriter.selects(internalName, classFile)) candidates.add(c);
        }
        retransform(inst, candidates);
    }

    /** Retransforms {@code classes} as autopool (see {@link #retransformAsAutopool}); nothing when empty. */
    static void retransform(Instrumentation inst, List<Class<?>> classes) {
        if (classes.isEmpty()) return;
        retransformAsAutopool(inst, classes);
    }

    private static byte[] classFile(ClassLoader loader, String internalName) {
        return ClassFileResource.read(loader, internalName);
    }
}
