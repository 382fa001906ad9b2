package dev.autopool.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectBufferPoolTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 255, 256, 257, 383, 384, 385, 511, 512, 1000, 262_144, 262_145, 3_000_000})
    void aBufferIsDirectNativeOrderAndLimitedToExactlyTheBytesAskedFor(long bytes) {
        DirectBufferPool pool = new DirectBufferPool(1 << 30);
        ByteBuffer b = pool.allocate(bytes);

        assertTrue(b.isDirect());
        assertEquals(ByteOrder.nativeOrder(), b.order());
        assertEquals(0, b.position());
        assertEquals(bytes, b.remaining());
        assertTrue(b.capacity() >= bytes && b.capacity() <= Math.max(256, bytes * 3 / 2),
                () -> "capacity " + b.capacity() + " for " + bytes);
    }

    @Test
    void sizeClassesArePowersOfTwoAndTheThreeQuarterStepsBetween() {
        assertEquals(256, DirectBufferPool.classBytes(DirectBufferPool.classIndex(200)));
        assertEquals(384, DirectBufferPool.classBytes(DirectBufferPool.classIndex(300)));
        assertEquals(512, DirectBufferPool.classBytes(DirectBufferPool.classIndex(385)));
        assertEquals(262_144, DirectBufferPool.classBytes(DirectBufferPool.classIndex(262_144)));
        assertEquals(393_216, DirectBufferPool.classBytes(DirectBufferPool.classIndex(262_145)));
    }

    @Test
    void aReleasedBufferServesTheNextBorrowOfItsClassWithTheNewLimit() {
        DirectBufferPool pool = new DirectBufferPool(1 << 30);
        ByteBuffer first = pool.allocate(1000);
        first.position(10);
        pool.release(first);

        ByteBuffer again = pool.poll(900);
        assertSame(first, again);
        assertEquals(0, again.position());
        assertEquals(900, again.limit());
        assertEquals(ByteOrder.nativeOrder(), again.order());
        assertNull(pool.poll(900), "a buffer is lent once");
    }

    @Test
    void anotherClassMisses() {
        DirectBufferPool pool = new DirectBufferPool(1 << 30);
        pool.release(pool.allocate(1000));

        assertNull(pool.poll(5000));
        assertNull(pool.poll(300));
    }

    @Test
    void thePoolKeepsNoMoreThanItsBudget() {
        DirectBufferPool pool = new DirectBufferPool(3000);
        pool.release(pool.allocate(1024));
        pool.release(pool.allocate(1024));
        pool.release(pool.allocate(1024));

        assertEquals(2048, pool.retainedBytes());
        assertTrue(pool.poll(1024) != null && pool.poll(1024) != null);
        assertNull(pool.poll(1024));
        assertEquals(0, pool.retainedBytes());
    }

    @Test
    void buffersOfForeignCapacitiesAreNotKept() {
        DirectBufferPool pool = new DirectBufferPool(1 << 30);
        pool.release(ByteBuffer.allocateDirect(1000));

        assertEquals(0, pool.retainedBytes());
    }
}
