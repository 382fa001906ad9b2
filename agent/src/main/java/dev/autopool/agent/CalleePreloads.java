package dev.autopool.agent;

import dev.autopool.runtime.internal.RuntimeThreads;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Links, at a class's definition, the callees its verdicts wait for, so the class's first version already
 * releases what it can: without this, a call that entered the first version before the relink (see
 * {@link Relinker}) keeps its borrows to the GC, which with several threads shows as a few start-up leaks.
 *
 * <p>A name is loaded only as the code that names it would link it: through the loader of the class being
 * rewritten, when that class's constant pool names it, or through the loader of a class loaded here before that
 * names it (a callee's own callee). Loading never initialises ({@code Class.forName(name, false, loader)}), runs
 * on the {@code autopool-callee-loader} thread (a class loaded on the transforming thread would reach no
 * transformer, so autopool could not see its bytes), and is waited for at most {@link #WAIT_MILLIS} per class
 * rewrite in all, and not behind a load that has run for longer than that. Whatever is not linked by then is left to the
 * relink, as before. Nothing is loaded while the
 * transforming thread holds its loader's lock (a loader that is not parallel-capable).
 *
 * <p>A class loaded here has callees too (a chain of stages, each calling the next): its own rewrite preloads them
 * on the next level's thread, {@link #LEVELS} levels deep, so a chain is final at definition that far ahead and only
 * every {@code LEVELS + 1}-th class of it waits for the relink (each relink is a whole second rewrite). A level
 * waits only for a deeper one, so no two loading threads wait for each other; a class loaded on the deepest level
 * waits for nobody.
 */
final class CalleePreloads {
    /** The longest one class's rewrite waits for its callees to load, over all its methods. */
    static final long WAIT_MILLIS = 250;

    /** How many loading threads deep a chain of callees is preloaded (one thread per level, made on first use). */
    static final int LEVELS = 4;

    private final ClassDefinitions definitions;
    private final LinkedNames linkedNames;
    private final Level[] levels = new Level[LEVELS];

    CalleePreloads(ClassDefinitions definitions, LinkedNames linkedNames) {
        this.definitions = definitions;
        this.linkedNames = linkedNames;
        for (int i = 0; i < LEVELS; i++) {
            levels[i] = new Level(i == 0 ? "autopool-callee-loader" : "autopool-callee-loader-" + (i + 1));
        }
    }

    /**
     * The level a rewrite on {@code self} preloads on: 0 from an app thread, one deeper from a loading thread, or
     * {@link #LEVELS} (none) from the deepest.
     */
    private int levelFor(Thread self) {
        for (int i = 0; i < LEVELS; i++) {
            if (levels[i].thread == self) return i + 1;
        }
        return 0;
    }

    /** The preloading for one rewrite of class {@code internalName} of {@code loader} (its bytes: {@code classFile}). */
    Predicate<Set<String>> forClass(ClassLoader loader, String internalName, byte[] classFile) {
        if (loader == null || classFile == null) {
            return names -> false; // the JDK's own classes: their callees are the JDK's
        }
        if (!builtIn(loader)) {
            return names -> false; // its answer may depend on when and on which thread it is asked: left to the relink
        }
        return new OneClass(loader, classFile);
    }

    /**
     * Whether loading through {@code loader} early, on another thread, gives the class the app would link later:
     * only the JDK's application and platform loaders, which ask neither the thread nor the app. A loader of the
     * app's own may consult the thread's context loader, or the app may define the class into it itself first
     * (loading it early would then fail the app's definition as a duplicate): it is never asked early.
     */
    static boolean builtIn(ClassLoader loader) {
        return loader == ClassLoader.getPlatformClassLoader()
                || (loader == ClassLoader.getSystemClassLoader()
                        && loader.getClass().getName().startsWith("jdk.internal.loader."));
    }

    /** A class that may name awaited classes: what it names links through its loader. */
    private record Referrer(ClassLoader loader, byte[] bytes) {}

    /** The state of one class rewrite: its budget, the classes that may name callees, the names tried. */
    private final class OneClass implements Predicate<Set<String>> {
        private final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        private final List<Referrer> referrers = new ArrayList<>();
        private final Set<String> tried = new HashSet<>();

        OneClass(ClassLoader loader, byte[] classFile) {
            referrers.add(new Referrer(loader, classFile));
        }

        @Override
        public boolean test(Set<String> names) {
            Thread self = Thread.currentThread();
            int level = levelFor(self);
            if (level >= LEVELS || System.nanoTime() >= deadline || Thread.holdsLock(referrers.get(0).loader())) {
                return false;
            }
            Map<String, ClassLoader> due = new LinkedHashMap<>();
            for (String name : names) {
                if (tried.contains(name)) continue;
                for (Referrer r : referrers) {
                    if (builtIn(r.loader()) && names(r.bytes(), name)) {
                        due.put(name, r.loader());
                        tried.add(name);
                        break;
                    }
                }
            }
            if (due.isEmpty()) return false;
            Future<List<Class<?>>> loading = levels[level].submit(due);
            if (loading == null) {
                return false;
            }
            List<Class<?>> loaded;
            try {
                loaded = loading.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false; // it finishes later: the relink takes it from there
            } catch (InterruptedException e) {
                self.interrupt();
                return false;
            } catch (Exception e) {
                return false;
            }
            for (Class<?> c : loaded) {
                ClassDefinitions.Definition d = definitions.get(definitions.key(c.getClassLoader(),
                        c.getName().replace('.', '/')));
                if (d != null && d.bytes() != null && c.getClassLoader() != null) {
                    referrers.add(new Referrer(c.getClassLoader(), d.bytes()));
                }
            }
            return !loaded.isEmpty();
        }
    }

    /** One loading thread and its queue. */
    private final class Level {
        private final String threadName;
        private ExecutorService loads;
        /** When the load now running started ({@code System.nanoTime()}), or 0 when none runs. */
        private volatile long runningSince;
        private volatile Thread thread;

        Level(String threadName) {
            this.threadName = threadName;
        }

        /**
         * The loads, queued behind earlier ones (another thread's class being defined meanwhile) unless one of
         * those has been running for longer than any caller waits (stuck on a lock): then null, so no class waits
         * in line behind a load that may never finish.
         */
        synchronized Future<List<Class<?>>> submit(Map<String, ClassLoader> due) {
            long since = runningSince;
            if (since != 0 && System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS)) {
                return null;
            }
            try {
                return loads().submit(() -> {
                    runningSince = System.nanoTime();
                    try {
                        return loadAll(due);
                    } finally {
                        runningSince = 0;
                    }
                });
            } catch (RuntimeException e) {
                return null;
            }
        }

        private ExecutorService loads() {
            if (loads == null) {
                loads = Executors.newSingleThreadExecutor(task -> {
                    // Started from some app thread mid class-load: it must keep none of that thread's loaders alive.
                    Thread t = RuntimeThreads.create(task, threadName, true);
                    thread = t;
                    return t;
                });
            }
            return loads;
        }
    }

    /**
     * On the loading thread: each name through its loader, never initialised; what could not load is skipped.
     * What loaded is linked by that loader now, so the next analysis must see it (added to the loader's remembered
     * answer, not a new snapshot of all its classes per load).
     */
    private List<Class<?>> loadAll(Map<String, ClassLoader> due) {
        List<Class<?>> loaded = new ArrayList<>();
        for (Map.Entry<String, ClassLoader> e : due.entrySet()) {
            try {
                Class<?> c = Class.forName(e.getKey().replace('/', '.'), false, e.getValue());
                linkedNames.linkedThrough(e.getValue(), c);
                loaded.add(c);
            } catch (ClassNotFoundException | LinkageError | RuntimeException ex) {
                // not loadable now (or ever): the app will meet the same when its code runs
            }
        }
        return loaded;
    }

    /** Whether {@code classFile} has {@code internalName} as a constant-pool string (a class reference's name). */
    static boolean names(byte[] classFile, String internalName) {
        byte[] name = internalName.getBytes(StandardCharsets.UTF_8);
        byte[] entry = new byte[name.length + 3];
        entry[0] = 1; // CONSTANT_Utf8, then its length
        entry[1] = (byte) (name.length >>> 8);
        entry[2] = (byte) name.length;
        System.arraycopy(name, 0, entry, 3, name.length);
        return AgentEntries.contains(classFile, entry);
    }
}
