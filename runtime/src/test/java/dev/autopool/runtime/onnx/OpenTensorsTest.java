package dev.autopool.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenTensorsTest {
    private final OpenTensors open = new OpenTensors();
    private final ShapeMetrics metrics = new ShapeMetrics(new TensorShape(Element.FLOAT, new long[] {4}));

    private TensorLease lease(Object tensor) {
        TensorLease l = new TensorLease(tensor, open.queue(), ByteBuffer.allocateDirect(16), 7, 16, metrics);
        open.add(l);
        return l;
    }

    @Test
    void aTensorIsFoundByIdentityNotByEquality() {
        String tensor = new String("same");
        String equal = new String("same");
        TensorLease l = lease(tensor);

        assertSame(l, open.find(tensor));
        assertNull(open.find(equal));
    }

    @Test
    void manyTensorsAreEachFoundAndRemovedOnce() {
        List<Object> tensors = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Object t = new Object();
            tensors.add(t);
            lease(t);
        }
        assertEquals(10_000, open.size());
        for (Object t : tensors) {
            assertTrue(open.find(t) != null, "found while registered");
            assertTrue(open.remove(t) != null);
            assertNull(open.remove(t));
        }
        assertEquals(0, open.size());
    }

    @Test
    void aTensorCollectedWhileRegisteredComesOutAsALeak() throws Exception {
        TensorLease l = lease(new Object());
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<TensorLease> leaked = new ArrayList<>();
        while (leaked.isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            open.drainLeaks(leaked::add);
            Thread.sleep(10);
        }
        assertEquals(List.of(l), leaked);
        assertTrue(open.removeCollected(l));
        assertFalse(open.removeCollected(l));
    }
}
