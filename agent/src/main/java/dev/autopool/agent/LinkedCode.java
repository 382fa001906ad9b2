package dev.autopool.agent;

import dev.autopool.agent.analysis.ClassKey;
import dev.autopool.agent.analysis.CodeBase;
import java.lang.instrument.Instrumentation;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The code one class loader links, as the running JVM says, for the length of one rewrite: a name is known only
 * when the loader has already linked it ({@link Instrumentation#getInitiatedClasses}, which loads nothing, through
 * {@link LinkedNames}) and
 * the class it linked was defined with bytes autopool's transformer saw (and nobody has changed since). The class
 * being rewritten is known by the bytes being defined. Nothing is read from resources: a resource need not be
 * the class the JVM links (a child-first loader, a generated class, another agent's rewrite).
 *
 * <p>Holds the loader and its linked classes while the rewrite lasts; never keep one longer.
 */
final class LinkedCode implements CodeBase {
    private final LinkedNames linkedNames;
    private final ClassDefinitions definitions;
    private final ClassLoader loader;
    private final long loaderId;
    private final String selfName;
    private final byte[] selfBytes;
    /** The views of other loaders reached in this rewrite (a callee's own callees resolve in its loader). */
    private final Map<ClassLoader, LinkedCode> views;

    private LinkedCode(LinkedNames linkedNames, ClassDefinitions definitions, ClassLoader loader, String selfName,
                       byte[] selfBytes, Map<ClassLoader, LinkedCode> views) {
        this.linkedNames = linkedNames;
        this.definitions = definitions;
        this.loader = loader;
        this.loaderId = definitions.idOf(loader);
        this.selfName = selfName;
        this.selfBytes = selfBytes;
        this.views = views;
    }

    /** The view of the class {@code selfName} being defined (or retransformed) by {@code loader}. */
    static LinkedCode forClass(LinkedNames linkedNames, ClassDefinitions definitions, ClassLoader loader,
                               String selfName, byte[] selfBytes) {
        LinkedCode code = new LinkedCode(linkedNames, definitions, loader, selfName, selfBytes,
                new IdentityHashMap<>());
        code.views.put(loader, code);
        return code;
    }

    @Override
    public long loader() {
        return loaderId;
    }

    @Override
    public Lookup find(String internalName) {
        if (internalName.equals(selfName)) {
            ClassKey self = new ClassKey(loaderId, selfName);
            return definitions.isDistrusted(self)
                    ? new Unknown("was redefined or retransformed by another agent", false)
                    : new Known(self, selfBytes, this);
        }
        if (!ClassDefinitions.mayMatter(internalName)) {
            return new Unknown("is a JDK class outside the analysis's allowlist", false);
        }
        Class<?> c = linkedNames.linked(loader, internalName);
        if (c == null) {
            return new Unknown("is not linked yet", true);
        }
        ClassLoader definer = c.getClassLoader();
        ClassKey key = definitions.key(definer, internalName);
        if (definitions.isDistrusted(key)) {
            return new Unknown("was redefined or retransformed by another agent", false);
        }
        ClassDefinitions.Definition d = definitions.get(key);
        if (d == null) {
            return new Unknown("was defined before autopool started, or without autopool seeing its bytes", false);
        }
        if (d.bytes() == null) {
            return new Unknown("is beyond the class bytes autopool keeps", false);
        }
        return new Known(key, d.bytes(), view(definer));
    }

    private LinkedCode view(ClassLoader definer) {
        return views.computeIfAbsent(definer, l -> new LinkedCode(linkedNames, definitions, l, null, null, views));
    }
}
