package dev.autopool.agent.analysis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Callee summaries per defining loader id, shared by every analysis: a summary depends only on the bytes it read,
 * and those never change for a (loader, name) the JVM has linked, unless someone redefines a class, in which case
 * {@link #clear()} drops everything. Holds no class loader. Summaries made while a name was not linked yet are
 * never cached (a later analysis may know more).
 */
public final class SummaryCache {
    /** Beyond this many loaders (most of them likely gone), the cache starts over. */
    private static final int MAX_LOADERS = 64;

    private final Map<Long, Map<String, CalleeSummary>> summaries = new ConcurrentHashMap<>();
    private final Map<Long, Map<String, Boolean>> handsOutBorrows = new ConcurrentHashMap<>();

    Map<String, CalleeSummary> summaries(long loader) {
        if (summaries.size() > MAX_LOADERS) summaries.clear();
        return summaries.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
    }

    Map<String, Boolean> handsOutBorrows(long loader) {
        if (handsOutBorrows.size() > MAX_LOADERS) handsOutBorrows.clear();
        return handsOutBorrows.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
    }

    /** Forgets every summary: some class's code changed. */
    public void clear() {
        summaries.clear();
        handsOutBorrows.clear();
    }
}
