package dev.autopool.agent.rewrite;

import dev.autopool.agent.config.Setting;
import dev.autopool.agent.config.Settings;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place the rewrite kinds are composed, in the order they run on each method. Later rewrites see the
 * earlier ones' output: a release inserted by escape analysis, for example, finds the borrows that the factory
 * and {@code new}-array rewrites produced. Add a kind here.
 */
public final class Rewrites {
    private Rewrites() {}

    /** Every rewrite kind; {@code homecoming} decides which {@code arrays} allocations are pooled. */
    public static List<MethodRewrite> all(ArrayHomecoming homecoming) {
        return List.of(
                new FactoryCallRewrite(),
                new ReleaseCallRewrite(),
                new NewArrayRewrite(homecoming),
                new LifecycleRewrite());
    }

    /**
     * Every rewrite kind for these settings, for {@code audit} and tests (callees read as class files). With {@code auto-release} on (the default) the releases of provably
     * local borrows are inserted last, and {@code arrays} allocations they would bring home are pooled as well.
     */
    public static List<MethodRewrite> forSettings(Settings settings) {
        return forSettings(settings, VerdictBasis.classFileResources());
    }

    /** As {@link #forSettings(Settings)}, with verdicts resting on {@code basis} (the running agent's). */
    public static List<MethodRewrite> forSettings(Settings settings, VerdictBasis basis) {
        if (settings.get(Setting.AUTO_RELEASE).orElse("on").equals("off")) {
            return all(homecoming());
        }
        ScopeReleaseRewrite release = new ScopeReleaseRewrite(basis);
        List<MethodRewrite> rewrites = new ArrayList<>(all(homecoming().or(release.homecoming())));
        rewrites.add(release);
        return List.copyOf(rewrites);
    }

    /** The default decision for {@code arrays} allocations: what the agent itself can prove comes home. */
    public static ArrayHomecoming homecoming() {
        return new StoredInLifecycleField();
    }
}
