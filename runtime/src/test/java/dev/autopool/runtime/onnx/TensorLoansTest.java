package dev.autopool.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.Sites;
import dev.autopool.runtime.internal.SiteRegistry;
import dev.autopool.runtime.pool.Shape;
import dev.autopool.runtime.track.Tracking;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What test checkpoints see of the pooled tensors: the open ones since the checkpoint, and the leaked ones. */
class TensorLoansTest {
    private final OpenTensors open = new OpenTensors();
    private final TensorReaper reaper = new TensorReaper(open);
    private final TensorLoans loans = new TensorLoans(open, reaper);
    private final ShapeCounters metrics = new ShapeCounters(Shape.of(float.class, 16, 16));
    private final int site = Sites.register("com.acme.Infer", "run", "Infer.java", 42, "onnx (built-in)");

    private TensorLease lease(Object tensor, long epoch) {
        TensorLease l = new TensorLease(tensor, open.queue(), ByteBuffer.allocateDirect(1024), site, 1024, metrics);
        l.loanEpoch = epoch;
        open.add(l);
        metrics.created.increment();
        return l;
    }

    @Test
    void aTensorCreatedSinceTheEpochAndStillOpenIsOutstandingNamingItsSite() {
        Object before = new Object();
        Object kept = new Object();
        Object closed = new Object();
        lease(before, 3);
        lease(kept, 4);
        lease(closed, 5).closed = true;

        assertEquals(List.of("an OnnxTensor of float[16][16] (1024 bytes) created at " + SiteRegistry.get(site)
                + " and never closed"), loans.outstandingSince(4));
        assertEquals(List.of(), loans.outstandingSince(6));
        java.lang.ref.Reference.reachabilityFence(before);
        java.lang.ref.Reference.reachabilityFence(kept);
        java.lang.ref.Reference.reachabilityFence(closed);
    }

    @Test
    void aTensorCollectedWithoutCloseIsALeakOfTheCheckpointItWasCreatedIn() throws Exception {
        Tracking.Checkpoint checkpoint = Tracking.checkpoint();
        TensorLease l = lease(new Object(), Tracking.checkpointEpoch());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!l.refersTo(null) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }

        loans.drainCollected();

        List<String> failures = checkpoint.failures();
        assertEquals(1, failures.size(), failures::toString);
        assertTrue(failures.get(0).startsWith("autopool LEAK an OnnxTensor of float[16][16] (1024 bytes) created at "
                + SiteRegistry.get(site)), failures.get(0));
        assertEquals(List.of(), loans.outstandingSince(0), "a leaked tensor is not outstanding as well");
    }
}
