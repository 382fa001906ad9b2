package dev.autopool.agent;

import dev.autopool.agent.config.Rule;
import dev.autopool.agent.rewrite.FactoryGate;
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

    @Override
    public void defined(ClassLoader loader, ClassNode node) {
        List<Rule> rules = rulesByOwner.get(node.name);
        if (rules == null) return;
        Map<Rule, Admission> answers = new HashMap<>();
        boolean anyPooled = false;
        for (Rule rule : rules) {
            Admission a = FactoryGate.judge(node, rule);
            answers.put(rule, a);
            anyPooled |= a.kind() == Admission.Kind.POOLED;
        }
        synchronized (this) {
            (loader == null ? byBootLoader : byLoader.computeIfAbsent(loader, l -> new HashMap<>()))
                    .put(node.name, answers);
        }
        if (anyPooled) late.factoryDefined(node.name);
    }

    @Override
    public Admission admit(ClassLoader loader, String caller, Rule rule) {
        String owner = rule.method().owner();
        long generation = late.generation(owner);
        Admission answer = recorded(loader, owner, rule);
        if (answer == null && !owner.equals(caller) && loader != null && Thread.currentThread() != loadThread) {
            Class<?> linked = load(loader, owner);
            if (linked != null) {
                answer = recorded(linked.getClassLoader(), owner, rule);
                // Loaded before the agent could see it (before premain, or inside another transformation):
                // retransforming it shows the agent its bytes.
                if (answer == null) late.unseenFactory(linked);
            }
        }
        if (answer != null) return answer;
        late.waitFor(loader, caller, owner, generation);
        return Admission.notYet("the factory's class is not defined yet");
    }

    /**
     * The answer recorded for the factory class {@code loader} defined, if any. A class its loader defined is the
     * one that loader links: the JVM looks in the loader's own dictionary before it asks the loader.
     */
    private synchronized Admission recorded(ClassLoader loader, String owner, Rule rule) {
        Map<String, Map<Rule, Admission>> classes = loader == null ? byBootLoader : byLoader.get(loader);
        Map<Rule, Admission> answers = classes == null ? null : classes.get(owner);
        return answers == null ? null : answers.get(rule);
    }

    /**
     * The class {@code loader} links for {@code owner}, loaded (not initialised) if need be, or null if that does
     * not finish within {@link #LOAD_WAIT_MS} (it goes on, and a definition it makes is still recorded).
     */
    private Class<?> load(ClassLoader loader, String owner) {
        Future<Class<?>> loaded;
        try {
            loaded = loads().submit(() -> Class.forName(owner.replace('/', '.'), false, loader));
            return loaded.get(LOAD_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
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
