package dev.autopool.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.pool.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenTensorsTest {
    private final OpenTensors open = new OpenTensors();
    private final ShapeCounters metrics = new ShapeCounters(Shape.of(float.class, 4));

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
        List<TensorLease> leases = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            Object t = new Object();
            tensors.add(t);
            leases.add(lease(t));
        }
        assertEquals(50_000, open.size());
        for (int i = 0; i < tensors.size(); i++) {
            assertSame(leases.get(i), open.find(tensors.get(i)));
            assertTrue(open.removeCollected(leases.get(i)));
            assertFalse(open.removeCollected(leases.get(i)));
            assertNull(open.find(tensors.get(i)));
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
