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
        return s -> Sites.register(s.className(), s.method(), s.file(), s.line(), s.rule(), s.flags());
    }
}
