package dev.autopool.it.endtoend;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import dev.autopool.it.Jars;
import dev.autopool.it.Jdk;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs of the sample apps in child JVMs, each made once per suite: the same-answers and the pooling-effect
 * specifications read the same pair of runs instead of paying for it twice.
 */
final class SampleRuns {
    /**
     * A fixed young generation makes the GC count follow the bytes allocated, so "fewer GCs" is a property of
     * the app and not of the collector's sizing heuristics.
     */
    static final List<String> HEAP = List.of("-Xms512m", "-Xmx1g", "-Xmn16m");
    static final long TIMEOUT_SECONDS = 300;

    private static final Map<Key, ChildRun> RUNS = new ConcurrentHashMap<>();

    private SampleRuns() {}

    static ChildRun plain(SampleWorkload app, int threads, Jdk jdk) {
        return RUNS.computeIfAbsent(new Key(app, threads, jdk, null), SampleRuns::run);
    }

    /** With the agent, the sample app's rules file and {@code settings} (e.g. {@code leak=full}, or empty). */
    static ChildRun pooled(SampleWorkload app, int threads, Jdk jdk, String settings) {
        return RUNS.computeIfAbsent(new Key(app, threads, jdk, settings), SampleRuns::run);
    }

    static String agentArgs(String settings) {
        return "config=" + Jars.sampleConfig() + (settings.isEmpty() ? "" : "," + settings);
    }

    private static ChildRun run(Key key) {
        ChildJvm child = ChildJvm.onJdk(key.jdk).jvmArgs(HEAP);
        if (key.settings != null) child.withAgent(Jars.agent(), agentArgs(key.settings));
        try {
            return child.runJar(Jars.sample(), TIMEOUT_SECONDS, key.app.args(key.threads));
        } catch (Exception e) {
            throw new IllegalStateException("could not run " + key, e);
        }
    }

    private record Key(SampleWorkload app, int threads, Jdk jdk, String settings) {}
}
