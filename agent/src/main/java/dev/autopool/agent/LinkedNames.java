package dev.autopool.agent;

import java.lang.instrument.Instrumentation;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which classes a loader has linked, from {@link Instrumentation#getInitiatedClasses} (which loads nothing),
 * remembered for a moment so a burst of rewrites in one big loader asks the JVM once, not once per class. A
 * remembered answer can only be missing names linked since (a name, once linked, stays linked while the loader
 * lives), and a missing name is simply not known yet: so a snapshot up to {@link #FRESH_NANOS} old is always
 * safe to use. A class autopool has just linked through the loader itself ({@code Class.forName(name, false,
 * loader)}: the loader is then an initiating loader of that class, as the JVM would answer) is added to the
 * remembered answer instead of asking the JVM for all of the loader's classes again. Loaders and classes are held
 * weakly.
 */
final class LinkedNames {
    /** A snapshot younger than this is reused even when a name is missing from it. */
    static final long FRESH_NANOS = 100_000_000L;

    /**
     * One answer of the JVM for one loader, keyed by binary name (what {@link Class#getName} already holds, so
     * taking one makes no strings); it only grows, by classes linked through the loader since.
     */
    static final class Snapshot {
        private final long takenAt;
        private final Map<String, WeakReference<Class<?>>> classes;

        private Snapshot(long takenAt, Map<String, WeakReference<Class<?>>> classes) {
            this.takenAt = takenAt;
            this.classes = classes;
        }

        /** The class linked under {@code internalName}, or null when it was not linked when this was taken. */
        Class<?> get(String internalName) {
            WeakReference<Class<?>> ref = classes.get(internalName.replace('/', '.'));
            return ref == null ? null : ref.get();
        }
    }

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
        Class<?> c = s == null ? null : s.get(internalName);
        if (c == null && (s == null || System.nanoTime() - s.takenAt > FRESH_NANOS)) {
            s = take(loader);
            c = s.get(internalName);
        }
        return c;
    }

    /** Asks the JVM now and remembers the answer (what a rewrite right after will use). */
    Snapshot refresh(ClassLoader loader) {
        return take(loader);
    }

    /**
     * Adds {@code c}, which {@code Class.forName(c.getName(), false, loader)} has just returned, to what is
     * remembered of {@code loader}: the next rewrite sees it linked without a new snapshot of every class.
     */
    void linkedThrough(ClassLoader loader, Class<?> c) {
        Snapshot s;
        synchronized (byLoader) {
            s = byLoader.get(loader);
        }
        if (s == null) {
            take(loader);
        } else if (!c.isArray() && !c.isHidden()) {
            s.classes.put(c.getName(), new WeakReference<>(c));
        }
    }

    private Snapshot take(ClassLoader loader) {
        Class<?>[] all = inst.getInitiatedClasses(loader);
        Snapshot earlier;
        synchronized (byLoader) {
            earlier = byLoader.get(loader);
        }
        // A loader's linked classes only grow while it lives: the earlier answer is extended by the classes it
        // lacks (or whose class was collected), not rebuilt with a reference per class at every refresh.
        Map<String, WeakReference<Class<?>>> classes = earlier != null ? earlier.classes
                : new ConcurrentHashMap<>(all.length * 4 / 3 + 16);
        for (Class<?> c : all) {
            if (c.isArray() || c.isHidden()) continue;
            WeakReference<Class<?>> known = classes.get(c.getName());
            if (known == null || known.get() != c) classes.put(c.getName(), new WeakReference<>(c));
        }
        Snapshot s = new Snapshot(System.nanoTime(), classes);
        synchronized (byLoader) {
            byLoader.put(loader, s);
        }
        return s;
    }
}
