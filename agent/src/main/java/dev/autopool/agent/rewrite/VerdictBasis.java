package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.ClassKey;
import dev.autopool.agent.analysis.CodeBase;
import dev.autopool.agent.analysis.Verdict;
import dev.autopool.agent.analysis.VerdictGuard;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the automatic release may rest its verdicts on. In the running agent: only code the JVM has linked and
 * autopool saw defined, a runtime guard per method that the agent clears when that code changes, and a later
 * retransformation for classes whose callees were not linked yet. In {@code audit} and tests: the class files at
 * hand, every verdict for good.
 */
public interface VerdictBasis {
    /** The code that names in class {@code internalName} of {@code loader} resolve to, for one rewrite. */
    CodeBase codeBase(ClassLoader loader, String internalName, byte[] classFile);

    /** Why no verdict of that class may rest on {@code dependsOn}, or null; issues no guard. */
    default String refusal(ClassLoader loader, String internalName, Set<ClassKey> dependsOn) {
        return guardFor(loader, internalName, dependsOn).refusal();
    }

    /** A guard for verdicts of that class resting on {@code dependsOn}, or a refusal. */
    VerdictGuard guardFor(ClassLoader loader, String internalName, Set<ClassKey> dependsOn);

    /**
     * {@code guard} (issued by {@link #guardFor}) now also rests on class {@code internalName} of {@code loader} and
     * on {@code dependsOn}: cleared when any of them changes, and at once if one already has. An {@code owned}
     * field's one guard grows this way with every class that reads the field.
     */
    default void extendGuard(int guard, ClassLoader loader, String internalName, Set<ClassKey> dependsOn) {}

    /** Some verdicts of that class could not be proven only because {@code names} were not linked yet. */
    void waitingFor(ClassLoader loader, String internalName, Set<String> names);

    /**
     * Has names that verdicts of that class wait for linked now, if it can (loaded, never initialised, as the
     * class's code would link them), so verdicts are final at the class's definition; true if any is linked now.
     * Asked once per method whose verdicts wait, during one rewrite of the class. By default nothing is loaded.
     */
    default Predicate<Set<String>> linkNow(ClassLoader loader, String internalName, byte[] classFile) {
        return names -> false;
    }

    /** How {@code audit} shows a verdict reached on this basis (one that differs from the running agent's says how). */
    default String describe(Verdict verdict) {
        return verdict.summary();
    }

    /** Changes whenever some class's code changed: callee summaries cached before then are dropped. */
    default long epoch() {
        return 0;
    }

    /**
     * Class files read as resources of the rewritten class's loader, each counting as what runs, every verdict
     * valid for good: only for {@code audit}, which judges jars without running them, and for tests. Never use it
     * in a running JVM: a resource need not be the class the JVM links.
     */
    static VerdictBasis classFileResources() {
        return new VerdictBasis() {
            @Override
            public CodeBase codeBase(ClassLoader loader, String internalName, byte[] classFile) {
                return CodeBase.ofClassFiles(name -> name.equals(internalName) ? classFile : resource(loader, name));
            }

            @Override
            public VerdictGuard guardFor(ClassLoader loader, String internalName, Set<ClassKey> dependsOn) {
                return VerdictGuard.ALWAYS;
            }

            @Override
            public void waitingFor(ClassLoader loader, String internalName, Set<String> names) {}
        };
    }

    private static byte[] resource(ClassLoader loader, String internalName) {
        return ClassFileResource.read(loader, internalName);
    }
}
