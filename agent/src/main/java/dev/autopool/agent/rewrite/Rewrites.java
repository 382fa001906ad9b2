package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.VerdictCache;
import dev.autopool.agent.config.Settings;
import dev.autopool.runtime.settings.Setting;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place the rewrite kinds are composed, in the order they run on each method. Later rewrites see the
 * earlier ones' output: a release inserted by escape analysis, for example, finds the borrows that the factory
 * and {@code new}-array rewrites produced. Add a kind here.
 */
public final class Rewrites {
    private Rewrites() {}

    /**
     * Every rewrite kind; {@code homecoming} decides which {@code arrays} allocations are pooled, {@code factories}
     * which factory calls.
     */
    public static List<MethodRewrite> all(ArrayHomecoming homecoming, FactoryGate factories) {
        return all(homecoming, factories, VerdictBasis.classFileResources());
    }

    /** As {@link #all(ArrayHomecoming, FactoryGate)}; {@code owned} fields' guards rest on {@code basis}. */
    static List<MethodRewrite> all(ArrayHomecoming homecoming, FactoryGate factories, VerdictBasis basis) {
        return List.of(
                new FactoryCallRewrite(factories),
                new ReleaseCallRewrite(),
                new MethodReferenceNotice(),
                new NewArrayRewrite(homecoming),
                new LifecycleRewrite(),
                // After the other rewrites (it must see every read they leave), before the automatic release.
                new OwnedFieldRewrite(basis));
    }

    /**
     * Every rewrite kind for these settings, for {@code audit} and tests (callees read as class files). With {@code auto-release} on (the default) the releases of provably
     * local borrows are inserted last, and {@code arrays} allocations they would bring home are pooled as well.
     */
    public static List<MethodRewrite> forSettings(Settings settings, FactoryGate factories) {
        return forSettings(settings, factories, VerdictBasis.classFileResources());
    }

    /** As {@link #forSettings(Settings, FactoryGate)}, with verdicts resting on {@code basis} (the running agent's). */
    public static List<MethodRewrite> forSettings(Settings settings, FactoryGate factories, VerdictBasis basis) {
        return forSettings(settings, factories, basis, null);
    }

    /**
     * As {@link #forSettings(Settings, FactoryGate, VerdictBasis)}, with plans kept across runs in {@code cache}
     * (null: none).
     */
    public static List<MethodRewrite> forSettings(Settings settings, FactoryGate factories, VerdictBasis basis,
                                                  VerdictCache cache) {
        if (settings.get(Setting.AUTO_RELEASE).orElse("on").equals("off")) {
            // No release is inserted, but a release rule's call still names its loan (that needs no verdict).
            List<MethodRewrite> rewrites = new ArrayList<>(all(homecoming(), factories, basis));
            rewrites.add(new LoanNumberRewrite());
            return List.copyOf(rewrites);
        }
        AutoReleaseRewrite release = new AutoReleaseRewrite(basis, cache);
        List<MethodRewrite> rewrites = new ArrayList<>(all(homecoming().or(release.homecoming()), factories, basis));
        if (!settings.get(Setting.ONNX).orElse("on").equals("off")) {
            // ONNX outputs are pooled only where the automatic release (or the app's release rule) takes them.
            rewrites.add(new OnnxValueRewrite(release.homecoming()));
        }
        rewrites.add(release);
        return List.copyOf(rewrites);
    }

    /** The default decision for {@code arrays} allocations: what the agent itself can prove comes home. */
    public static ArrayHomecoming homecoming() {
        return new StoredInLifecycleField();
    }
}
