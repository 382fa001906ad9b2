package dev.autopool.agent.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * One {@link EscapeAnalysis} and one {@link TypeHierarchy} per class loader, each reading class files as that
 * loader's resources (never loading a class), so summaries are cached per loader and forgotten with it.
 *
 * <p>The values reach their loader only through a {@link WeakReference}: a value of a {@link WeakHashMap} that
 * held its key strongly would keep every app loader (and all its classes) alive for good, so a reloaded plugin
 * would never unload. Once the loader is collected, its entry goes and its class-file reader answers nothing.
 */
public final class LoaderAnalyses {
    /** What one loader sees. */
    public record ForLoader(EscapeAnalysis analysis, TypeHierarchy hierarchy) {}

    private final BorrowRules rules;
    private final Map<ClassLoader, ForLoader> byLoader = new WeakHashMap<>();
    private ForLoader boot;

    public LoaderAnalyses(BorrowRules rules) {
        this.rules = rules;
    }

    public BorrowRules rules() {
        return rules;
    }

    /** The analysis for classes defined by {@code loader} (null: the boot loader). */
    public synchronized ForLoader of(ClassLoader loader) {
        if (loader == null) {
            if (boot == null) {
                boot = create(classFiles(null));
            }
            return boot;
        }
        return byLoader.computeIfAbsent(loader, l -> create(weakClassFiles(new WeakReference<>(l))));
    }

    private ForLoader create(Function<String, byte[]> classFiles) {
        return new ForLoader(new EscapeAnalysis(rules, classFiles), TypeHierarchy.ofClassFiles(classFiles));
    }

    /** {@link #classFiles} of a loader held weakly: null for every name once the loader is gone. */
    private static Function<String, byte[]> weakClassFiles(WeakReference<ClassLoader> loader) {
        return internalName -> {
            ClassLoader l = loader.get();
            return l == null ? null : read(l, internalName);
        };
    }

    /** Class files as resources of {@code loader} (null: the boot loader); null when absent or unreadable. */
    public static Function<String, byte[]> classFiles(ClassLoader loader) {
        return internalName -> read(loader, internalName);
    }

    private static byte[] read(ClassLoader loader, String internalName) {
        String resource = internalName + ".class";
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
