package dev.autopool.agent.rewrite;

import dev.autopool.runtime.Sites;

/**
 * Where rewritten sites are recorded: in the running app, the runtime's {@link Sites} registry, whose id is baked
 * into the bytecode; in {@code audit}, a list that is printed.
 */
@FunctionalInterface
public interface SiteRegistry {
    /** Records the site and returns the id rewritten code passes to the runtime. */
    int register(SiteInfo site);

    /** The runtime's registry. */
    static SiteRegistry runtime() {
        return RuntimeSites.INSTANCE;
    }

    /**
     * Registers with {@link Sites} (a class, not a lambda: lambdas cost start-up time in a cold JVM), through the
     * registrar the agent claims while it installs, before the runtime's settings are sealed: only it may register
     * {@code zero=false} sites afterwards. Without one (another party claimed it first) sites register plainly
     * and {@code zero=false} is refused, so every buffer is zeroed.
     */
    final class RuntimeSites implements SiteRegistry {
        static final RuntimeSites INSTANCE = new RuntimeSites();

        private final Sites.Registrar registrar = Sites.claimRegistrar();

        private RuntimeSites() {}

        @Override
        public int register(SiteInfo s) {
            return registrar != null
                    ? registrar.register(s.className(), s.method(), s.file(), s.line(), s.rule(), s.flags(),
                            s.ordinal())
                    : Sites.register(s.className(), s.method(), s.file(), s.line(), s.rule(), s.flags(), s.ordinal());
        }
    }
}
