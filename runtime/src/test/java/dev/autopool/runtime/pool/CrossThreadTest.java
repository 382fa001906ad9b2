package dev.autopool.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A buffer released on another thread than the one that borrowed it still comes home. */
@org.junit.jupiter.api.extension.ExtendWith(Grids.ReturnBorrowed.class)
class CrossThreadTest {
    private static final int[] SHAPE = {2, 16, 16};

    @Test
    void anArrayReleasedOnAnotherThreadServesTheBorrowingThreadAgain() throws Exception {
        ArrayPool pool = Grids.pool();
        Object a = Grids.borrow(pool, Family.FLOAT3, SHAPE, -1);
        Thread releaser = new Thread(() -> pool.release(a, -1));
        releaser.start();
        releaser.join(10_000);
        assertFalse(releaser.isAlive(), "the releasing thread finished");

        assertSame(a, Grids.borrow(pool, Family.FLOAT3, SHAPE, -1));
        assertEquals(1, pool.stats().hits());
    }

    @Test
    void aProducerConsumerPipelineStopsAllocatingOnceWarm() throws Exception {
        ArrayPool pool = Grids.pool();
        BlockingQueue<Object> pipe = new ArrayBlockingQueue<>(4);
        int frames = 10_000;
        Thread consumer = new Thread(() -> {
            try {
                for (int i = 0; i < frames; i++) {
                    pool.release(pipe.take(), -1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        for (int i = 0; i < frames; i++) {
            assertTrue(pipe.offer(Grids.borrow(pool, Family.FLOAT3, SHAPE, -1), 10, TimeUnit.SECONDS));
        }
        consumer.join(10_000);
        assertFalse(consumer.isAlive(), "the consumer took every frame");

        PoolStats s = pool.stats();
        assertEquals(frames, s.releases());
        // The pipeline's depth: the queue, one frame in each thread's hands, and the stripe the consumer may be
        // holding while it releases (a borrower skips a busy stripe rather than wait, so what that stripe holds
        // is out of reach for that moment).
        int depth = 8 + pool.settings().magazineSize();
        assertTrue(s.misses() <= depth, () -> "at most the pipeline's depth should be allocated: " + s);
        assertEquals(0, s.outstandingBytes());
    }
}
