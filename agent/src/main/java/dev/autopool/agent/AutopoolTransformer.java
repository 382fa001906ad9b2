package dev.autopool.agent;

import dev.autopool.agent.rewrite.ClassRewriter;
import dev.autopool.agent.rewrite.SiteRegistry;
import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.Optional;

/**
 * The class-load hook: first, for every class, what the automatic release must know ({@link CodeChanges}: the
 * bytes defined, and redefinitions by others, which withdraw verdicts); then ignored classes by name, then
 * {@link ClassRewriter}'s constant-pool selection, then the rewrite. Registered retransformation-capable, so it
 * sees every retransformation too. Whatever goes wrong with one class leaves it exactly as it was and costs one
 * log line.
 */
final class AutopoolTransformer implements ClassFileTransformer {
    private final ClassRewriter rewriter;
    private final SiteReuse sites;
    private final Optional<Path> dump;
    private final TransformStats stats;
    /** Null when nothing rests on other classes' code ({@code auto-release=off}). */
    private final CodeChanges changes;

    AutopoolTransformer(ClassRewriter rewriter, SiteRegistry registry, Optional<Path> dump, TransformStats stats,
                        CodeChanges changes) {
        this.rewriter = rewriter;
        this.changes = changes;
        this.sites = new SiteReuse(registry);
        this.dump = dump;
        this.stats = stats;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        long allocatedBefore = stats.allocatedSoFar();
        long cpuBefore = stats.cpuSoFar();
        long start = System.nanoTime();
        if (classBeingRedefined == null) AppLoggingWatch.observe(className, classfileBuffer);
        try {
            if (changes != null) {
                try {
                    changes.offered(loader, className, classBeingRedefined, classfileBuffer);
                } catch (Throwable t) {
                    // Not knowing whether code changed under a verdict: no verdict holds any more.
                    changes.withdrawAll("autopool could not record " + className + " (" + t + ")");
                }
            }
            return transform(loader, className, classfileBuffer, classBeingRedefined == null);
        } finally {
            stats.nanos.add(System.nanoTime() - start);
            stats.allocatedBytes.add(stats.allocatedSoFar() - allocatedBefore);
            stats.cpuNanos.add(stats.cpuSoFar() - cpuBefore);
        }
    }

    private byte[] transform(ClassLoader loader, String className, byte[] classfileBuffer, boolean firstDefinition) {
        stats.offered.increment();
        if (IgnoredClasses.ignores(className, loader)) {
            stats.ignoredByName.increment();
            return null;
        }
        long scanStart = System.nanoTime();
        boolean selected = rewriter.selects(className, classfileBuffer);
        stats.scanNanos.add(System.nanoTime() - scanStart);
        if (!selected) {
            stats.rejectedByScan.increment();
            return null;
        }
        try {
            stats.parsed.increment();
            ClassRewriter.Result result = rewriter.rewrite(classfileBuffer, loader, sites.forClass(loader),
                    firstDefinition);
            if (result == null) return unchangedButKept(loader, className, classfileBuffer, firstDefinition);
            stats.rewritten.increment();
            dump(className, result.classFile());
            AgentLog.debug("autopool REWROTE " + className.replace('/', '.') + ": " + result.sites().size()
                    + " site(s)");
            return result.classFile();
        } catch (Throwable t) {
            AgentLog.warning("autopool REWRITE-FAILED " + className.replace('/', '.')
                    + " is left unchanged: " + t);
            return null;
        }
    }

    /**
     * A class left as it is now that waits for a relink will be retransformed by autopool once its callees are
     * defined. HotSpot keeps a class's original bytes only when a retransformation-capable transformer returned some
     * at its definition; otherwise a retransformation offers bytes rebuilt from the loaded class, which differ from
     * those recorded and would withdraw every verdict resting on this class's code. Returning an identical copy
     * makes the JVM keep the bytes it was given, so autopool's own retransformation offers exactly those. Only for
     * a waiting class: the JVM keeps that copy (native memory) for the class's life, and autopool retransforms no
     * other class it left unchanged.
     */
    private byte[] unchangedButKept(ClassLoader loader, String className, byte[] classfileBuffer,
                                    boolean firstDefinition) {
        return firstDefinition && changes != null && changes.awaitsRelink(loader, className)
                ? classfileBuffer.clone() : null;
    }

    private void dump(String className, byte[] bytes) {
        if (dump.isEmpty()) return;
        try {
            ClassDump.write(dump.get(), className, bytes);
        } catch (IOException e) {
            AgentLog.warning("autopool DUMP cannot write " + className + ": " + e);
        }
    }
}
