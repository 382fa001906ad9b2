package dev.autopool.agent;

import dev.autopool.agent.config.Rule;
import dev.autopool.agent.rewrite.FactoryGate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.objectweb.asm.tree.ClassNode;

/**
 * The agent's {@link FactoryGate}. A factory's body is checked from the bytes the transformer sees when its class
 * is defined (never from a class-file resource), and recorded under the loader that defined it. A caller is
 * pooled only when the factory class its own loader links is one with a recorded, accepted body: the loader that
 * defined the caller is asked, {@code Class.forName(owner, false, loader)} (loading, never initialising), which
 * is the class the JVM links for every class that loader defines. A factory class not defined yet is loaded that
 * way while the caller is being defined, so a caller's first call is already pooled; where that is impossible
 * (inside a load the agent itself started, or the loader cannot find the class yet) the calls stay plain and
 * {@link LateCallers} retransforms the caller once the factory's class has been defined.
 */
final class FactoryClasses implements FactoryGate {
    private final Map<String, List<Rule>> rulesByOwner = new HashMap<>();
    /** Per defining loader, per factory class, the answer of each of its rules. */
    private final Map<ClassLoader, Map<String, Map<Rule, Admission>>> byLoader = new WeakHashMap<>();
    private final Map<String, Map<Rule, Admission>> byBootLoader = new HashMap<>();
    /** Set on a thread while this gate loads a factory class, so the loads it causes start no more loads. */
    private final ThreadLocal<Boolean> loading = new ThreadLocal<>();
    private final LateCallers late;

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
        if (answer == null && !owner.equals(caller) && loader != null && loading.get() == null) {
            Class<?> linked = load(loader, owner);
            if (linked != null) answer = recorded(linked.getClassLoader(), owner, rule);
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

    /** The class {@code loader} links for {@code owner}, loaded (not initialised) if need be; null if it cannot. */
    private Class<?> load(ClassLoader loader, String owner) {
        loading.set(Boolean.TRUE);
        try {
            return Class.forName(owner.replace('/', '.'), false, loader);
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return null;
        } finally {
            loading.remove();
        }
    }
}
