package dev.autopool.agent;

import java.lang.instrument.Instrumentation;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Which classes a loader has linked, from {@link Instrumentation#getInitiatedClasses} (which loads nothing),
 * remembered for a moment so a burst of rewrites in one big loader asks the JVM once, not once per class. A
 * remembered answer can only be missing names linked since (a name, once linked, stays linked while the loader
 * lives), and a missing name is simply not known yet: so a snapshot up to {@link #FRESH_NANOS} old is always
 * safe to use. Loaders and classes are held weakly.
 */
final class LinkedNames {
    /** A snapshot younger than this is reused even when a name is missing from it. */
    static final long FRESH_NANOS = 100_000_000L;

    private record Snapshot(long takenAt, Map<String, WeakReference<Class<?>>> classes) {}

    private final Instrumentation inst;
    private final Map<ClassLoader, Snapshot> byLoader = new WeakHashMap<>(); // values never refer to the loader

    LinkedNames(Instrumentation inst) {
        this.inst = inst;
    }

    /** The class {@code loader} links under {@code internalName}, or null if it has not linked that name yet. */
    Class<?> linked(ClassLoader loader, String internalName) {
        Snapshot s;
        synchronized (byLoader) {
            s = byLoader.get(loader);
        }
        Class<?> c = s == null ? null : find(s, internalName);
        if (c == null && (s == null || System.nanoTime() - s.takenAt() > FRESH_NANOS)) {
            s = take(loader);
            c = find(s, internalName);
        }
        return c;
    }

    /**
     * Asks the JVM now and remembers the answer (what a rewrite right after will use): every class {@code loader}
     * has linked, by internal name.
     */
    Map<String, Class<?>> refresh(ClassLoader loader) {
        Map<String, Class<?>> out = new HashMap<>();
        take(loader).classes().forEach((name, ref) -> {
            Class<?> c = ref.get();
            if (c != null) out.put(name, c);
        });
        return out;
    }

    private static Class<?> find(Snapshot s, String internalName) {
        WeakReference<Class<?>> ref = s.classes().get(internalName);
        return ref == null ? null : ref.get();
    }

    private Snapshot take(ClassLoader loader) {
        Map<String, WeakReference<Class<?>>> classes = new HashMap<>();
        for (Class<?> c : inst.getInitiatedClasses(loader)) {
            if (!c.isArray() && !c.isHidden()) classes.put(c.getName().replace('.', '/'), new WeakReference<>(c));
        }
        Snapshot s = new Snapshot(System.nanoTime(), classes);
        synchronized (byLoader) {
            byLoader.put(loader, s);
        }
        return s;
    }
}
