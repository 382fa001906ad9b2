package dev.autopool.agent.rewrite;

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

    /** The default decision for {@code arrays} allocations: what the agent itself can prove comes home. */
    public static ArrayHomecoming homecoming() {
        return new StoredInLifecycleField();
    }
}
