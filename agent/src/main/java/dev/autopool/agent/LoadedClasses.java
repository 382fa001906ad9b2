package dev.autopool.agent;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Classes already loaded when the agent starts (before {@code premain} finishes, or long before a dynamic
 * attach) are retransformed through the same transformer, so they are rewritten like any class loaded later.
 */
final class LoadedClasses {
    private LoadedClasses() {}

    static void retransform(Instrumentation inst) {
        if (!inst.isRetransformClassesSupported()) {
            AgentLog.warning("autopool AGENT this JVM cannot retransform; classes loaded before the agent stay as"
                    + " they are");
            return;
        }
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.isArray() || c.isPrimitive() || c.isHidden() || !inst.isModifiableClass(c)) continue;
            if (IgnoredClasses.ignores(c.getName().replace('.', '/'), c.getClassLoader())) continue;
            candidates.add(c);
        }
        if (candidates.isEmpty()) return;
        try {
            inst.retransformClasses(candidates.toArray(Class<?>[]::new));
        } catch (Throwable batch) {
            // One bad class must not cost the others: try each alone.
            for (Class<?> c : candidates) {
                try {
                    inst.retransformClasses(c);
                } catch (Throwable t) {
                    AgentLog.warning("autopool REWRITE-FAILED " + c.getName() + " (already loaded) is left"
                            + " unchanged: " + t);
                }
            }
        }
    }
}
