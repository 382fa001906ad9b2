package dev.autopool.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.autopool.runtime.pool.Shape;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TensorReaperTest {
    private final OpenTensors open = new OpenTensors();
    private final TensorReaper reaper = new TensorReaper(open);
    private final ShapeCounters metrics = new ShapeCounters(Shape.of(float.class, 4));

    private TensorLease lease(Object tensor) {
        TensorLease l = new TensorLease(tensor, open.queue(), ByteBuffer.allocateDirect(16), 7, 16, metrics);
        open.add(l);
        metrics.created.increment();
        return l;
    }

    /** Drops the only reference to a new tensor and waits (bounded) until the GC has collected it. */
    private TensorLease collectedLease(boolean closed) throws InterruptedException {
        TensorLease l = lease(new Object());
        l.closed = closed;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!l.refersTo(null) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        return l;
    }

    @Test
    void aLeaseTheReaperThreadTookOffTheQueueButHasNotCountedIsCountedByTheDrain() throws Exception {
        TensorLease l = collectedLease(false);
        // What the reaper thread holds between awaitLeak() and its report: off the queue, not counted yet.
        assertSame(l, open.queue().remove(10_000));

        reaper.drain();

        assertEquals(1, metrics.leaks.sum(), "the exit block counts the leak the reaper thread was reporting");
        assertEquals(0, metrics.open());
        assertEquals(0, open.size());
    }

    @Test
    void aLeakIsCountedOnceWhenTheDrainAndTheQueueBothSeeIt() throws Exception {
        collectedLease(false);

        reaper.drain();
        reaper.drain();

        assertEquals(1, metrics.leaks.sum());
        assertEquals(0, open.size());
    }

    @Test
    void aClosedTensorThatIsCollectedIsUnregisteredNotCountedAsALeak() throws Exception {
        collectedLease(true);
        metrics.closed.increment();

        reaper.drain();

        assertEquals(0, metrics.leaks.sum());
        assertEquals(0, metrics.open());
        assertEquals(0, open.size());
    }
}
