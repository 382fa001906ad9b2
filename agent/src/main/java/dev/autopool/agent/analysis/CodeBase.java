package dev.autopool.agent.analysis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The code one class loader's classes link to, as far as the analysis may rely on it: a callee or a super class
 * counts as known only when this view can name the exact bytes the JVM runs for it. In the running agent that
 * means the loader has already linked the name and autopool's transformer saw those bytes defined (see the
 * agent's {@code LinkedCode}); in {@code audit} and in tests, a fixed set of class files.
 *
 * <p>A view may hold class loaders (for the length of one rewrite); nothing that outlives a rewrite keeps one.
 */
public interface CodeBase {
    /** The id of the loader whose classes this view resolves names for; keys its summary cache. */
    long loader();

    /** What {@code internalName}, linked from a class of this loader, is: known bytes, or why not. */
    Lookup find(String internalName);

    /** The answer for one name. */
    sealed interface Lookup permits Known, Unknown {}

    /**
     * Bytes the JVM runs for the class, and where the names it mentions resolve.
     *
     * @param key       the class (its defining loader and name): what a verdict that read it depends on
     * @param bytes     its class file, as defined (before autopool's own rewrite)
     * @param definedIn the view of its defining loader, where its own callees and super class resolve
     */
    record Known(ClassKey key, byte[] bytes, CodeBase definedIn) implements Lookup {}

    /**
     * Not known.
     *
     * @param reason  why, for {@code audit}, e.g. {@code is not linked yet}
     * @param waiting true when the name is simply not linked yet: once it is, a new analysis may know it
     */
    record Unknown(String reason, boolean waiting) implements Lookup {}

    /**
     * A fixed view where every class file {@code classFiles} returns (internal name to bytes, null when absent)
     * counts as linked and defined as read: for {@code audit}, which judges jars without running them, and tests.
     */
    static CodeBase ofClassFiles(Function<String, byte[]> classFiles) {
        return ofClassFiles(classFiles, "has no class file the analysis can read");
    }

    /**
     * As {@link #ofClassFiles(Function)}, with {@code absent} as the reason for a name {@code classFiles} does not
     * give: for a check that reads one class's own bytes on purpose, where "no class file" would send the user
     * looking for a class file that is there.
     */
    static CodeBase ofClassFiles(Function<String, byte[]> classFiles, String absent) {
        return new CodeBase() {
            private final Map<String, byte[]> read = new ConcurrentHashMap<>();

            @Override
            public long loader() {
                return 1;
            }

            @Override
            public Lookup find(String internalName) {
                byte[] bytes = read.get(internalName);
                if (bytes == null) {
                    try {
                        bytes = classFiles.apply(internalName);
                    } catch (RuntimeException e) {
                        bytes = null;
                    }
                    if (bytes == null) {
                        return new Unknown(absent, false);
                    }
                    read.putIfAbsent(internalName, bytes);
                }
                return new Known(new ClassKey(1, internalName), bytes, this);
            }
        };
    }
}
