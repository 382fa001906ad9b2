package dev.autopool.agent;

import dev.autopool.agent.rewrite.SiteInfo;
import dev.autopool.agent.rewrite.SiteRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives a class rewritten again (autopool retransforms callers once their callees link) the same site ids as
 * before, so reports show one line per call site, not one per version of its class. A site is the same when its
 * loader, class, method, place, rule, flags and action are, and it is the same occurrence of those in the class
 * (two borrows on one line stay two sites). The verdict text may differ between versions.
 */
final class SiteReuse {
    private final SiteRegistry registry;
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final ClassDefinitions loaders = new ClassDefinitions();

    SiteReuse(SiteRegistry registry) {
        this.registry = registry;
    }

    /** A registry for the sites of one class rewrite of {@code loader}. */
    SiteRegistry forClass(ClassLoader loader) {
        long loaderId = loaders.idOf(loader);
        Map<String, Integer> occurrences = new HashMap<>();
        return site -> {
            // One builder sized for the whole key (a concatenation grew its buffer several times per site).
            StringBuilder key = new StringBuilder(128).append(loaderId).append('|').append(site.className())
                    .append('|').append(site.method()).append('|').append(site.file()).append('|').append(site.line())
                    .append('|').append(site.rule()).append('|').append(site.flags()).append('|')
                    .append(site.action());
            String same = key.toString();
            int n = occurrences.merge(same, 1, Integer::sum);
            return ids.computeIfAbsent(key.append('|').append(n).toString(), k -> registry.register(site));
        };
    }
}
