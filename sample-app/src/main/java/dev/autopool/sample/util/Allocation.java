package dev.autopool.sample.util;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/** Reads what a run cost the JVM: bytes allocated and CPU time used by threads, GC count and GC time. */
public final class Allocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {}

    /** Bytes allocated so far by the calling thread. */
    public static long threadBytes() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** Bytes allocated so far by the given threads (live ones only; the JVM forgets dead threads). */
    public static long threadBytes(long[] threadIds) {
        if (threadIds.length == 0) return 0;
        long total = 0;
        for (long b : THREADS.getThreadAllocatedBytes(threadIds)) {
            if (b > 0) total += b;
        }
        return total;
    }

    /** CPU time so far of the calling thread and the given live threads, in nanoseconds. */
    public static long cpuNanos(long[] threadIds) {
        long total = Math.max(0, THREADS.getCurrentThreadCpuTime());
        for (long id : threadIds) {
            total += Math.max(0, THREADS.getThreadCpuTime(id));
        }
        return total;
    }

    public static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    public static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }
}
