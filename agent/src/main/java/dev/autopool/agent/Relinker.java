package dev.autopool.agent;

import java.lang.instrument.Instrumentation;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rewrites callers again once the callees their verdicts waited for are linked. At its definition a class's
 * callees are usually not linked yet, so its borrows that reach them are not proven (they escape); when one of
 * the awaited names is defined, the {@code autopool-relink} daemon thread waits a moment (so a burst of class
 * loading costs one batch), asks each waiting caller's loader which names it has linked by now, and
 * retransforms, in one batch, the callers for which something new is known. Nothing runs on the app's threads;
 * each class is retransformed at most {@link #MAX_ROUNDS} times. The same thread rewrites again, as clean-up,
 * the classes whose automatic releases were withdrawn ({@link #rewriteAgain}).
 */
final class Relinker {
    /** When to look again after a wake-up, until something is ready (a burst of definitions is one batch). */
    private static final long[] RECHECK_MILLIS = {1, 4, 16, 64, 256};
    private static final int MAX_ROUNDS = 8;

    /** A class waiting for names its loader has not linked yet. The loader is held weakly. */
    private record Waiting(WeakReference<ClassLoader> loader, String name, Set<String> names) {}

    private final Instrumentation inst;
    private final ClassDefinitions definitions;
    private final LinkedNames linkedNames;
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>(); // by loader id + name
    private final Map<String, Integer> rounds = new ConcurrentHashMap<>();
    /** Classes to rewrite again whatever is linked: their releases were withdrawn (by loader id + name). */
    private final Map<String, Waiting> again = new ConcurrentHashMap<>();
    /** Names some waiting class needs, for the transformer's quick check. */
    private final Set<String> awaited = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private boolean due;
    private Thread thread;

    Relinker(Instrumentation inst, ClassDefinitions definitions, LinkedNames linkedNames) {
        this.inst = inst;
        this.linkedNames = linkedNames;
        this.definitions = definitions;
    }

    /** Class {@code name} of {@code loader} has verdicts waiting for {@code names} to be linked. */
    void waitFor(ClassLoader loader, String name, Set<String> names) {
        if (loader == null || !inst.isRetransformClassesSupported()) return;
        String key = definitions.idOf(loader) + " " + name;
        if (rounds.getOrDefault(key, 0) >= MAX_ROUNDS) return;
        // One entry per class: each of its methods adds the names it waits for.
        waiting.merge(key, new Waiting(new WeakReference<>(loader), name, Set.copyOf(names)), (was, more) -> {
            Set<String> all = new HashSet<>(was.names());
            all.addAll(more.names());
            return new Waiting(was.loader(), name, Set.copyOf(all));
        });
        awaited.addAll(names);
        start();
        wake(); // a name may have been defined between the analysis and now
    }

    /** Whether class {@code name} of {@code loader} waits for names to be linked (it will be retransformed). */
    boolean awaits(ClassLoader loader, String name) {
        return loader != null && waiting.containsKey(definitions.idOf(loader) + " " + name);
    }

    /**
     * The classes of {@code owners} lost automatic releases to a change of class {@code changed}: rewrite them
     * again soon (not {@code changed} itself, which its own retransformation rewrites right now).
     */
    void rewriteAgain(List<VerdictGuardTable.Owner> owners, String changed) {
        for (VerdictGuardTable.Owner o : owners) {
            ClassLoader loader = o.loader().get();
            if (loader == null || o.name().equals(changed)) continue;
            String key = definitions.idOf(loader) + " " + o.name();
            if (rounds.getOrDefault(key, 0) >= MAX_ROUNDS) continue;
            again.put(key, new Waiting(o.loader(), o.name(), Set.of()));
        }
        if (!again.isEmpty()) {
            start();
            wake();
        }
    }

    /** Called by the transformer for every class defined: wakes the batch when a waiting class needs it. */
    void defined(String internalName) {
        if (internalName != null && awaited.contains(internalName)) {
            wake();
        }
    }

    private void wake() {
        synchronized (signal) {
            due = true;
            signal.notifyAll();
        }
    }

    private synchronized void start() {
        if (thread != null) return;
        thread = new Thread(this::run, "autopool-relink");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (true) {
            try {
                synchronized (signal) {
                    while (!due) signal.wait(10_000);
                    due = false;
                }
                // The loader links a name just after its definition: look again a few times, soon, then less often.
                for (long delay : RECHECK_MILLIS) {
                    Thread.sleep(delay);
                    if (retransformReady() || isDue()) break;
                }
                definitions.expungeDeadLoaders();
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                AgentLog.warning("autopool AGENT relinking failed, callers stay as they are: " + t);
            }
        }
    }

    private boolean isDue() {
        synchronized (signal) {
            return due;
        }
    }

    /** Retransforms every waiting class one of whose awaited names its loader has linked by now, if any. */
    // Both maps are ConcurrentHashMaps, whose iterators allow removal of the entry they are on.
    @SuppressWarnings("ModifyCollectionInEnhancedForLoop")
    private boolean retransformReady() {
        Map<ClassLoader, LinkedNames.Snapshot> linkedByLoader = new HashMap<>();
        List<Class<?>> ready = new ArrayList<>();
        Set<String> readyKeys = new HashSet<>();
        for (Map.Entry<String, Waiting> e : waiting.entrySet()) {
            Waiting w = e.getValue();
            ClassLoader loader = w.loader().get();
            if (loader == null) {
                waiting.remove(e.getKey());
                continue;
            }
            // A fresh answer, also remembered for the rewrites the retransformation below runs.
            LinkedNames.Snapshot linked = linkedByLoader.computeIfAbsent(loader, linkedNames::refresh);
            Class<?> self = linked.get(w.name());
            if (self == null || self.getClassLoader() != loader) continue; // not defined yet
            if (anyLinked(w.names(), linked) && inst.isModifiableClass(self)) {
                ready.add(self);
                readyKeys.add(e.getKey());
            }
        }
        for (Map.Entry<String, Waiting> e : again.entrySet()) {
            ClassLoader loader = e.getValue().loader().get();
            Class<?> self = loader == null ? null
                    : linkedByLoader.computeIfAbsent(loader, linkedNames::refresh).get(e.getValue().name());
            again.remove(e.getKey());
            if (self != null && self.getClassLoader() == loader && inst.isModifiableClass(self)
                    && readyKeys.add(e.getKey())) {
                ready.add(self);
            }
        }
        if (ready.isEmpty()) return false;
        for (String key : readyKeys) {
            waiting.remove(key);
            rounds.merge(key, 1, Integer::sum);
        }
        rebuildAwaited();
        AgentLog.debug("autopool RELINK retransforming " + ready.size() + " class(es) whose callees are now linked");
        LoadedClasses.retransformAsAutopool(inst, ready);
        return true;
    }

    private static boolean anyLinked(Set<String> names, LinkedNames.Snapshot linked) {
        for (String name : names) {
            if (linked.get(name) != null) return true;
        }
        return false;
    }

    private void rebuildAwaited() {
        Set<String> still = new HashSet<>();
        waiting.values().forEach(w -> still.addAll(w.names()));
        awaited.retainAll(still);
    }
}
