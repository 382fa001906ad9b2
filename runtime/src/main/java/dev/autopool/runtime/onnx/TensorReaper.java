package dev.autopool.runtime.onnx;

import dev.autopool.runtime.internal.RuntimeThreads;
import dev.autopool.runtime.report.ReportLog;
import dev.autopool.runtime.track.Tracking;
import java.lang.System.Logger.Level;

/**
 * Finds the pooled tensors the GC collected without {@code close()}: reports each as a leak at its site, and
 * keeps its buffer out of the pool (the leaked native value may still point into it). Runs on its own daemon
 * thread, and on the caller's when the summary drains.
 */
final class TensorReaper {
    private final OpenTensors open;

    TensorReaper(OpenTensors open) {
        this.open = open;
    }

    void start() {
        RuntimeThreads.create(this::run, "autopool-onnx-leaks", true).start();
    }

    private void run() {
        while (true) {
            try {
                collected(open.awaitLeak());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                ReportLog.log(Level.WARNING, "autopool ONNX leak check failed: " + e, e);
            }
        }
    }

    /**
     * Reports the tensors the GC already collected without close(), without waiting for the reaper thread, and
     * waits for a report the reaper thread is in the middle of: the exit block's counters then agree (its
     * {@code SUMMARY leaks} and its {@code ONNX leaks} and {@code open}). The queue alone is not enough: the reaper
     * may have taken a lease off it and not counted it yet, so every registered lease whose tensor is gone is
     * reported too (each only once, under its lock).
     */
    void drain() {
        open.drainLeaks(this::collected);
        for (TensorLease lease : open.collectedButRegistered()) {
            collected(lease);
        }
    }

    /** Counts the lease's leak (unless it was closed), then unregisters it: counted before it leaves the table. */
    private void collected(TensorLease lease) {
        synchronized (lease) {
            if (!lease.closed) {
                lease.closed = true;
                // The buffer is not reused: the leaked native value still points into it. Dropping our reference
                // lets the GC free it, as it would without the agent.
                lease.buffer = null;
                // The shared report first: whoever watches this pool's counter then finds the line and the event.
                Tracking.tensorLeak(lease.site, lease.metrics.shape.toString(), lease.bytes, lease.creationStack,
                        lease.loanEpoch);
                lease.metrics.leaks.increment();
            }
        }
        open.removeCollected(lease);
    }
}
