package dev.autopool.agent;

import java.lang.instrument.Instrumentation;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Callers whose factory calls stayed plain because the factory's class was not defined yet. When it is, they are
 * retransformed (so their next invocations are pooled) in batches, on the {@code autopool-factories} daemon
 * thread, never on the app's. A caller waits for a definition newer than the one it was judged against, so a
 * caller that still cannot be pooled after its retransformation waits for the next definition, not in a loop.
 */
final class LateCallers {
    /** How long the thread lets a definition finish and more definitions gather before it retransforms. */
    private static final long BATCH_DELAY_MS = 50;
    /** Rounds a caller not yet found among its loader's classes is looked for again. */
    private static final int MAX_ROUNDS = 20;

    private record Waiter(WeakReference<ClassLoader> loader, String caller, String owner, long generation,
                          int rounds) {}

    private final Instrumentation inst;
    private final List<Waiter> waiting = new ArrayList<>();
    private final List<WeakReference<Class<?>>> unseen = new ArrayList<>();
    /** Factory classes already retransformed to be seen: once is enough (or nothing more will help). */
    private final Map<Class<?>, Boolean> shown = new java.util.WeakHashMap<>();
    private final Map<String, Long> definitions = new HashMap<>();
    private boolean ready;
    private Thread thread;

    LateCallers(Instrumentation inst) {
        this.inst = inst;
    }

    /** How many times a factory class of this name has been defined with an accepted body. */
    synchronized long generation(String owner) {
        return definitions.getOrDefault(owner, 0L);
    }

    /** {@code caller} of {@code loader} has plain calls to a factory of {@code owner}, judged at {@code generation}. */
    synchronized void waitFor(ClassLoader loader, String caller, String owner, long generation) {
        if (loader == null) return;
        for (Waiter w : waiting) {
            if (w.loader().get() == loader && w.caller().equals(caller) && w.owner().equals(owner)) return;
        }
        waiting.add(new Waiter(new WeakReference<>(loader), caller, owner, generation, 0));
        if (generation(owner) > generation) wake(); // defined meanwhile, on another thread
    }

    /** Callers whose calls of a factory of {@code owner} were pooled, by owner: taken back if the factory changes. */
    private final Map<String, List<Waiter>> pooled = new HashMap<>();

    /** {@code caller} of {@code loader} was given pooled calls of a factory of {@code owner}. */
    synchronized void pooled(ClassLoader loader, String caller, String owner) {
        if (loader == null) return;
        List<Waiter> callers = pooled.computeIfAbsent(owner, o -> new ArrayList<>());
        callers.removeIf(w -> w.loader().get() == null);
        for (Waiter w : callers) {
            if (w.loader().get() == loader && w.caller().equals(caller)) return;
        }
        callers.add(new Waiter(new WeakReference<>(loader), caller, owner, -1, 0));
    }

    /**
     * The factory class {@code owner} was redefined with a body the pool cannot stand in for: the callers given
     * pooled calls are rewritten again (their calls become plain), off the app's threads.
     */
    synchronized void factoryChanged(String owner) {
        List<Waiter> callers = pooled.remove(owner);
        if (callers == null) return;
        definitions.merge(owner, 1L, Long::sum);
        waiting.addAll(callers);
        wake();
    }

    /** A class {@code owner} was defined with a factory body the pool can stand in for. */
    synchronized void factoryDefined(String owner) {
        definitions.merge(owner, 1L, Long::sum);
        for (Waiter w : waiting) {
            if (w.owner().equals(owner)) {
                wake();
                return;
            }
        }
    }

    /** A factory class already loaded whose definition the agent did not see: retransformed to see its bytes. */
    synchronized void unseenFactory(Class<?> factory) {
        if (shown.put(factory, Boolean.TRUE) != null) return;
        unseen.add(new WeakReference<>(factory));
        wake();
    }

    private void wake() {
        ready = true;
        if (thread == null) {
            thread = new Thread(this::run, "autopool-factories");
            thread.setDaemon(true);
            thread.start();
        }
        notifyAll();
    }

    private void run() {
        try {
            while (true) {
                synchronized (this) {
                    while (!ready) wait();
                    ready = false;
                }
                Thread.sleep(BATCH_DELAY_MS);
                retransform(takeReady());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The waiters whose factory has been defined since they were judged, removed from the waiting list. */
    private synchronized List<Waiter> takeReady() {
        List<Waiter> out = new ArrayList<>();
        waiting.removeIf(w -> {
            if (w.loader().get() == null) return true;
            if (generation(w.owner()) <= w.generation()) return false;
            out.add(w);
            return true;
        });
        return out;
    }

    private void retransform(List<Waiter> due) {
        List<Class<?>> factories = new ArrayList<>();
        synchronized (this) {
            unseen.forEach(r -> {
                Class<?> c = r.get();
                if (c != null && inst.isModifiableClass(c)) factories.add(c);
            });
            unseen.clear();
        }
        LoadedClasses.retransform(inst, factories);
        if (due.isEmpty()) return;
        Map<ClassLoader, Set<String>> namesByLoader = new IdentityHashMap<>();
        for (Waiter w : due) {
            ClassLoader loader = w.loader().get();
            if (loader != null) namesByLoader.computeIfAbsent(loader, l -> new HashSet<>()).add(w.caller());
        }
        List<Class<?>> classes = new ArrayList<>();
        Set<String> found = new HashSet<>();
        for (Map.Entry<ClassLoader, Set<String>> e : namesByLoader.entrySet()) {
            for (Class<?> c : inst.getInitiatedClasses(e.getKey())) {
                String name = c.getName().replace('.', '/');
                if (c.getClassLoader() == e.getKey() && e.getValue().contains(name) && inst.isModifiableClass(c)) {
                    classes.add(c);
                    found.add(System.identityHashCode(e.getKey()) + " " + name);
                }
            }
        }
        List<Waiter> again = new ArrayList<>();
        for (Waiter w : due) {
            ClassLoader loader = w.loader().get();
            if (loader != null && !found.contains(System.identityHashCode(loader) + " " + w.caller())
                    && w.rounds() < MAX_ROUNDS) {
                // Still being defined when its factory was: look again next round.
                again.add(new Waiter(w.loader(), w.caller(), w.owner(), w.generation(), w.rounds() + 1));
            }
        }
        if (!again.isEmpty()) {
            synchronized (this) {
                waiting.addAll(again);
                wake();
            }
        }
        if (!classes.isEmpty()) LoadedClasses.retransform(inst, classes);
    }
}
