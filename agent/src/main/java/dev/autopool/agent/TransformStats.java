package dev.autopool.agent;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;

/**
 * What class loading cost the agent: classes offered, left alone by name, rejected by the constant-pool scan,
 * parsed, rewritten, the time the selection took and the time spent in the transformer (which includes the
 * agent's own classes loading on first use). Printed at exit with {@code log=debug}, which also counts the bytes
 * the transforming threads allocated, and the CPU time they used, inside the transformer (the JDK's per-thread allocation counter, read before
 * and after each call; off otherwise, since the management classes cost start-up time of their own).
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
    /** Bytes allocated inside the transformer, summed over calls; stays 0 when not counted. */
    final LongAdder allocatedBytes = new LongAdder();
    /** CPU time of the transforming threads inside the transformer; stays 0 when not counted. */
    final LongAdder cpuNanos = new LongAdder();
    /** Null unless allocations are counted and the JVM can count them. */
    private final com.sun.management.ThreadMXBean threads;

    TransformStats() {
        this(false);
    }

    /** With {@code countAllocations}, {@link #allocatedSoFar()} reads the current thread's allocation counter. */
    TransformStats(boolean countAllocations) {
        this.threads = countAllocations ? allocationCounter() : null;
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                    && t.isThreadAllocatedMemorySupported()) {
                t.setThreadAllocatedMemoryEnabled(true);
                return t;
            }
        } catch (RuntimeException | LinkageError e) {
            // Not counted: the line then says allocKB=n/a.
        }
        return null;
    }

    /** The bytes the current thread allocated so far, or 0 when not counted. */
    long allocatedSoFar() {
        return threads == null ? 0 : threads.getCurrentThreadAllocatedBytes();
    }

    /** The current thread's CPU time so far, or 0 when not counted. */
    long cpuSoFar() {
        return threads == null ? 0 : threads.getCurrentThreadCpuTime();
    }

    String line(long premainNanos) {
        return "autopool AGENT-STATS premainMs=" + premainNanos / 1_000_000 + " classes=" + offered.sum()
                + " ignoredByName=" + ignoredByName.sum() + " rejectedByScan=" + rejectedByScan.sum()
                + " parsed=" + parsed.sum() + " rewritten=" + rewritten.sum()
                + " scanUs=" + scanNanos.sum() / 1000
                + " transformMs=" + String.format(java.util.Locale.ROOT, "%.1f", nanos.sum() / 1e6)
                + " allocKB=" + (threads == null ? "n/a" : Long.toString(allocatedBytes.sum() / 1024))
                + " cpuMs=" + (threads == null ? "n/a" : Long.toString(cpuNanos.sum() / 1_000_000));
    }
}
