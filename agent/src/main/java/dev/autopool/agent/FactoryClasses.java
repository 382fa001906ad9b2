package dev.autopool.agent;

import dev.autopool.agent.config.Rule;
import dev.autopool.agent.rewrite.FactoryGate;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.objectweb.asm.tree.ClassNode;

/**
 * The agent's {@link FactoryGate}. A factory's body is checked from the bytes the transformer sees when its class
 * is defined (never from a class-file resource), and recorded under the loader that defined it. A caller is
 * pooled only when the factory class its own loader links is one with a recorded, accepted body: the loader that
 * defined the caller is asked, {@code Class.forName(owner, false, loader)} (loading, never initialising), which
 * is the class the JVM links for every class that loader defines.
 *
 * <p>A factory class not defined yet is loaded that way while the caller is being defined, so the caller's first
 * invocation is already pooled. The load runs on the {@code autopool-factory-loader} thread, with the caller's
 * definition waiting at most {@link #LOAD_WAIT_MS}: a class loaded on the transforming thread itself would never
 * reach any transformer (the JVM does not re-enter them), so its body could not be seen. Where that fails (the
 * loader cannot find the class yet, or holds a lock the load needs) the calls stay plain and {@link LateCallers}
 * retransforms the caller once the factory's class has been defined.
 */
final class FactoryClasses implements FactoryGate {
    private final Map<String, List<Rule>> rulesByOwner = new HashMap<>();
    /** Per defining loader, per factory class, the answer of each of its rules. */
    private final Map<ClassLoader, Map<String, Map<Rule, Admission>>> byLoader = new WeakHashMap<>();
    private final Map<String, Map<Rule, Admission>> byBootLoader = new HashMap<>();
    /** How long a caller's definition waits for its factory's class to be loaded and checked. */
    static final long LOAD_WAIT_MS = 250;

    private final LateCallers late;
    /** Per caller loader, per factory class: a {@link WeakLink} once known, the {@code Future} of a load before. */
    private final Map<ClassLoader, Map<String, Object>> links = new WeakHashMap<>();
    private ExecutorService loads;
    private volatile Thread loadThread;

    FactoryClasses(List<Rule> rules, LateCallers late) {
        this.late = late;
        for (Rule r : rules) {
            if (r.kind() == Rule.Kind.FACTORY) {
                rulesByOwner.computeIfAbsent(r.method().owner(), o -> new ArrayList<>()).add(r);
            }
        }
    }

    /**
     * Factory classes, per defining loader, that anyone but autopool redefined or retransformed: distrusted for good.
     * The bytes this transformer is shown then are not the code the JVM installs: a transformer registered after
     * autopool's (Mockito's inline mock maker, a debugger's hot swap, a coverage or APM agent attached later) changes
     * them afterwards, unseen, so a body that passes here may not be the body that runs.
     */
    private final Map<ClassLoader, java.util.Set<String>> changedByOthers = new WeakHashMap<>();
    private final java.util.Set<String> changedByOthersInBootLoader = new java.util.HashSet<>();

    /** Why no call of a factory in a class another agent changed is pooled. */
    static final String CHANGED_BY_ANOTHER_AGENT = "its class was redefined or retransformed by another agent or tool"
            + " (a debugger, Mockito's inline mock maker, a coverage or APM agent), which may change the body after"
            + " autopool has seen it; calls are left as they are";

    @Override
    public void defined(ClassLoader loader, ClassNode node, boolean firstDefinition) {
        List<Rule> rules = rulesByOwner.get(node.name);
        if (rules == null) return;
        boolean distrusted;
        synchronized (this) {
            java.util.Set<String> changed = loader == null ? changedByOthersInBootLoader
                    : changedByOthers.computeIfAbsent(loader, l -> new java.util.HashSet<>());
            if (!firstDefinition && !LoadedClasses.isAutopoolRetransform()) changed.add(node.name);
            distrusted = changed.contains(node.name);
        }
        Map<Rule, Admission> answers = new HashMap<>();
        boolean anyPooled = false;
        for (Rule rule : rules) {
            Admission a = distrusted ? Admission.refused(CHANGED_BY_ANOTHER_AGENT) : FactoryGate.judge(node, rule);
            answers.put(rule, a);
            anyPooled |= a.kind() == Admission.Kind.POOLED;
        }
        Map<Rule, Admission> before;
        synchronized (this) {
            before = (loader == null ? byBootLoader : byLoader.computeIfAbsent(loader, l -> new HashMap<>()))
                    .put(node.name, answers);
        }
        boolean changed = false;
        if (before != null) {
            for (Rule rule : rules) {
                Admission was = before.get(rule);
                Admission now = answers.get(rule);
                if (was != null && was.kind() == Admission.Kind.POOLED && !now.equals(was)) {
                    // Redefined (a debugger, a mocking library): callers rewritten so far cannot be taken back at once.
                    // A body that turned from one new into a row loop or back throws otherwise for a 0 outer size.
                    String what = now.kind() == Admission.Kind.POOLED ? (now.rowLoop()
                            ? "now fills its rows in a loop" : "no longer fills its rows in a loop")
                            + ", which answers differently for an outer size of 0 and a negative inner one"
                            : distrusted ? "can no longer be trusted: " + now.refusal() : now.refusal();
                    AgentLog.warning("autopool FACTORY-CHANGED " + rule.origin() + ": " + node.name.replace('/', '.')
                            + " was redefined and " + rule.method() + " " + what
                            + "; its pooled callers are rewritten " + (now.kind() == Admission.Kind.POOLED
                                    ? "again for the new body" : "to call it again")
                            + " (a call already running, and any"
                            + " made before that rewrite, took its array from the pool without the new body)");
                    changed = true;
                }
            }
        }
        if (changed) late.factoryChanged(node.name);
        if (anyPooled) late.factoryDefined(node.name);
    }

    @Override
    public Admission admit(ClassLoader loader, String caller, Rule rule) {
        String owner = rule.method().owner();
        long generation = late.generation(owner);
        Admission answer = recorded(loader, owner, rule);
        if (answer == null && !owner.equals(caller) && loader != null && Thread.currentThread() != loadThread) {
            Link link = link(loader, owner);
            if (link != null) answer = recorded(link.definer(), owner, rule);
        }
        if (answer != null) {
            if (answer.kind() == Admission.Kind.POOLED) late.pooled(loader, caller, owner);
            return answer;
        }
        late.waitFor(loader, caller, owner, generation);
        return Admission.notYet("the factory's class is not defined yet");
    }

    /** The loader that defined the class {@code loader} links for {@code owner}; null for the boot loader. */
    private record Link(ClassLoader definer) {}

    /**
     * Which class {@code loader} links for {@code owner}, or null while that is not known. Once known it never
     * changes (the JVM records it with the loader), so it is kept, weakly; a load still under way is not waited
     * for twice.
     */
    private Link link(ClassLoader loader, String owner) {
        Future<Class<?>> loading = null;
        synchronized (links) {
            Map<String, Object> byOwner = links.computeIfAbsent(loader, l -> new HashMap<>());
            Object known = byOwner.get(owner);
            if (known instanceof WeakLink w) return w.link();
            if (known instanceof Future<?> f) {
                if (!f.isDone()) return null;
                @SuppressWarnings("unchecked")
                Future<Class<?>> done = (Future<Class<?>>) f;
                loading = done;
            } else if (loader.isRegisteredAsParallelCapable()) {
                // With the caller thread's context loader: a loader may ask it (a plugin host's router).
                ClassLoader context = Thread.currentThread().getContextClassLoader();
                byOwner.put(owner, loading = loads().submit(() -> loadThere(loader, owner, context)));
            }
        }
        if (loading == null) {
            // A loader that is not parallel-capable is locked by this thread while the caller is defined, so no
            // other thread could load through it now: load here. A class this load defines reaches no
            // transformer; it is retransformed to be seen (see linked), and the caller after it.
            return linked(loader, owner, loadHere(loader, owner));
        }
        try {
            return linked(loader, owner, loading.get(LOAD_WAIT_MS, TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            return null;
        } catch (TimeoutException | RuntimeException e) {
            return null; // it goes on; its end wakes the callers that wait for it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Link linked(ClassLoader loader, String owner, Class<?> c) {
        synchronized (links) {
            Map<String, Object> byOwner = links.computeIfAbsent(loader, l -> new HashMap<>());
            if (c == null) {
                byOwner.remove(owner); // not found (yet): a later caller asks again
                return null;
            }
            byOwner.put(owner, new WeakLink(new WeakReference<>(c.getClassLoader()), c.getClassLoader() == null));
        }
        if (!hasRecord(c.getClassLoader(), owner)) {
            // Defined before the agent could see it (before premain, or inside a transformation).
            late.unseenFactory(c);
        }
        return new Link(c.getClassLoader());
    }

    /** A known {@link Link}, holding its loader weakly (the caller's loader keeps it alive anyway). */
    private record WeakLink(WeakReference<ClassLoader> definer, boolean boot) {
        Link link() {
            ClassLoader d = definer.get();
            return boot || d != null ? new Link(d) : null;
        }
    }

    private Class<?> loadHere(ClassLoader loader, String owner) {
        try {
            return Class.forName(owner.replace('/', '.'), false, loader);
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /**
     * On the loader thread: the load, its link kept (so no finished load stays held in {@link #links}), then a
     * wake-up for callers that stopped waiting for it.
     */
    private Class<?> loadThere(ClassLoader loader, String owner, ClassLoader context) {
        Thread self = Thread.currentThread();
        ClassLoader before = self.getContextClassLoader();
        self.setContextClassLoader(context);
        Class<?> c;
        try {
            c = loadHere(loader, owner);
        } finally {
            self.setContextClassLoader(before);
        }
        linked(loader, owner, c);
        if (c != null) late.factoryDefined(owner);
        return c;
    }

    /**
     * The answer recorded for the factory class {@code loader} defined, if any. A class its loader defined is the
     * one that loader links: the JVM looks in the loader's own dictionary before it asks the loader.
     */
    private synchronized boolean hasRecord(ClassLoader loader, String owner) {
        Map<String, Map<Rule, Admission>> classes = loader == null ? byBootLoader : byLoader.get(loader);
        return classes != null && classes.containsKey(owner);
    }

    private synchronized Admission recorded(ClassLoader loader, String owner, Rule rule) {
        Map<String, Map<Rule, Admission>> classes = loader == null ? byBootLoader : byLoader.get(loader);
        Map<Rule, Admission> answers = classes == null ? null : classes.get(owner);
        return answers == null ? null : answers.get(rule);
    }

    private synchronized ExecutorService loads() {
        if (loads == null) {
            loads = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "autopool-factory-loader");
                t.setDaemon(true);
                loadThread = t;
                return t;
            });
        }
        return loads;
    }
}
