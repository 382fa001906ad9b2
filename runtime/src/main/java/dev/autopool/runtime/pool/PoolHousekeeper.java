package dev.autopool.runtime.pool;

import dev.autopool.runtime.report.SettingsSeal;
import dev.autopool.runtime.report.ReportLog;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Owns the JVM-wide pool that {@code Pools} serves from, and its one daemon thread: every second it takes over the
 * private magazines of threads that died (so a dead thread strands its buffers for at most a second), every half
 * {@code trim.idle} (at least every 10 s) it trims idle shapes, and every pass it settles the free arrays the GC
 * took under memory pressure, notes the peaks of retained and outstanding bytes and logs the {@code OUTSTANDING}
 * warning (so reading the pool's stats never does). (Its
 * metrics MXBean is published on the pools' first use, see {@link PoolMetrics}.) Nothing here runs on the
 * application's threads.
 */
public final class PoolHousekeeper {
    private static final long MAX_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long RECLAIM_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final ArrayPool GLOBAL = new ArrayPool(PoolSettings.defaults(Runtime.getRuntime().maxMemory()));
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private PoolHousekeeper() {}

    /** The JVM-wide pool; starts the housekeeping thread on first use. */
    public static ArrayPool globalPool() {
        start();
        return GLOBAL;
    }

    /**
     * Applies the agent's settings (only the keys {@link PoolSettings} knows) to the JVM-wide pool and returns
     * the problems found, one sentence each, for the caller to report. Refused (one log line, nothing changes)
     * once the settings are {@link SettingsSeal sealed}.
     */
    public static List<String> configure(Map<String, String> settings) {
        if (!SettingsSeal.mayChange("PoolHousekeeper.configure", settings)) {
            return List.of(SettingsSeal.REFUSED);
        }
        List<String> problems = new ArrayList<>();
        GLOBAL.configure(PoolSettings.parse(settings, Runtime.getRuntime().maxMemory(), problems::add));
        start();
        return problems;
    }

    private static void start() {
        if (STARTED.compareAndSet(false, true)) {
            Thread t = dev.autopool.runtime.internal.RuntimeThreads.create(PoolHousekeeper::run, "autopool-pools", true);
            t.start();
        }
    }

    private static void run() {
        long lastTrim = System.nanoTime();
        while (true) {
            long idle = GLOBAL.settings().trimIdleNanos();
            long interval = idle <= 0 ? MAX_INTERVAL_NANOS
                    : Math.max(MIN_INTERVAL_NANOS, Math.min(MAX_INTERVAL_NANOS, idle / 2));
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(interval, RECLAIM_INTERVAL_NANOS));
                long now = System.nanoTime();
                boolean trimDue = now - lastTrim >= interval;
                if (trimDue) {
                    lastTrim = now;
                }
                GLOBAL.housekeep(now, trimDue);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                ReportLog.log(Level.WARNING, "autopool POOL housekeeping failed, will retry: " + e, e);
            } catch (OutOfMemoryError e) {
                // The heap is short right now (the GC has just taken the pool's idle buffers): no log line, which
                // would allocate; the next pass settles and reports what this one could not.
            }
        }
    }
}
