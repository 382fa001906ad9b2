package dev.autopool.agent;

import java.util.concurrent.atomic.LongAdder;

/**
 * What class loading cost the agent: classes offered, left alone by name, rejected by the constant-pool scan,
 * parsed, rewritten, the time the selection took and the time spent in the transformer (which includes the
 * agent's own classes loading on first use). Printed at exit with {@code log=debug}.
 */
final class TransformStats {
    final LongAdder offered = new LongAdder();
    final LongAdder ignoredByName = new LongAdder();
    final LongAdder rejectedByScan = new LongAdder();
    final LongAdder parsed = new LongAdder();
    final LongAdder rewritten = new LongAdder();
    final LongAdder nanos = new LongAdder();
    /** Time in the name and constant-pool selection alone, for every class not ignored by name. */
    final LongAdder scanNanos = new LongAdder();

    String line(long premainNanos) {
        return "autopool AGENT-STATS premainMs=" + premainNanos / 1_000_000 + " classes=" + offered.sum()
                + " ignoredByName=" + ignoredByName.sum() + " rejectedByScan=" + rejectedByScan.sum()
                + " parsed=" + parsed.sum() + " rewritten=" + rewritten.sum()
                + " scanUs=" + scanNanos.sum() / 1000
                + " transformMs=" + String.format(java.util.Locale.ROOT, "%.1f", nanos.sum() / 1e6);
    }
}
