package dev.autopool.runtime.onnx;

import dev.autopool.runtime.internal.SiteRegistry;
import dev.autopool.runtime.track.Tracking;
import java.util.ArrayList;
import java.util.List;

/**
 * The pooled tensors as test checkpoints see them: a tensor created since the checkpoint and still open is
 * outstanding, one collected without {@code close()} is a leak, as for a borrowed array. Without this a test
 * that leaked a tensor passed {@code @CheckBorrows} while the exit block counted the leak.
 */
final class TensorLoans implements Tracking.OutsideLoans {
    private final OpenTensors open;
    private final TensorReaper reaper;

    TensorLoans(OpenTensors open, TensorReaper reaper) {
        this.open = open;
        this.reaper = reaper;
    }

    @Override
    public void drainCollected() {
        reaper.drain(); // reports what the GC collected unclosed, so the checkpoint's leaks include it
    }

    @Override
    public List<String> outstandingSince(long epoch) {
        List<String> lines = new ArrayList<>();
        for (TensorLease lease : open.liveSince(epoch)) {
            synchronized (lease) {
                if (lease.closed) continue;
            }
            lines.add("an OnnxTensor of " + lease.metrics.shape + " (" + lease.bytes + " bytes) created at "
                    + SiteRegistry.get(lease.site) + " and never closed");
        }
        return lines;
    }
}
