package dev.autopool.runtime.track;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns collected ledger records into leak reports: a record whose array the GC collected while it was still
 * borrowed is a leak. A daemon thread waits on the reference queue so leaks are reported soon after the GC;
 * the pools' first-loan path and {@link Tracking#drainLeaks()} drain it too.
 */
final class LeakWatcher {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private LeakWatcher() {}

    static void startOnce() {
        if (!STARTED.get() && STARTED.compareAndSet(false, true)) {
            Thread thread = dev.autopool.runtime.internal.RuntimeThreads.create(LeakWatcher::watch, "autopool-leak-watcher",
                    true);
            thread.start();
        }
    }

    /** Reports the leaks among records collected so far; returns how many it found. */
    static int drainCollected() {
        int[] leaks = {0};
        Tracker.LEDGER.drainCollected(entry -> leaks[0] += collected(entry));
        return leaks[0];
    }

    private static void watch() {
        while (true) {
            try {
                Tracker.LEDGER.awaitCollected(LeakWatcher::collected);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | LinkageError e) {
                // A report that fails must not stop leak detection; the next collected record is reported.
            }
        }
    }

    private static int collected(ArrayEntry entry) {
        if (!entry.isBorrowed()) {
            return 0;
        }
        Tracker.lost(entry.description); // watched or not: it is no longer outstanding
        if (entry.leftToGc) {
            return 0; // an owned buffer overwritten, or whose owner died under a withdrawn verdict: no leak
        }
        if (entry.watchedForLeak) {
            Problems.leak(entry);
            return 1;
        }
        if (Tracker.epoch() > 0) {
            Problems.unwatchedLeak(entry); // a test checkpoint must see every leak, watched or not
        }
        return 0;
    }
}
