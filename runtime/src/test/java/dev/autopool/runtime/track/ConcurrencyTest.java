package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.awaitCollected;
import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.Pools;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConcurrencyTest {
    private static final int THREADS = 16;
    private static final int ROUNDS = 5_000;

    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    @ParameterizedTest
    @EnumSource(value = LeakLevel.class, names = {"FULL", "PARANOID"})
    void manyThreadsBorrowingAndReleasingCorrectlyGetNoReportAtAll(LeakLevel level) throws Exception {
        fixture.settings("leak=" + level.settingValue(), "report.interval=0");
        int borrow = site("worker", 200);
        int release = site("worker", 201);
        Tracking.Checkpoint checkpoint = Tracking.checkpoint();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    work(borrow, release);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdown();
        }

        // Everything released: whatever the GC collects now (buffers the pool dropped) must not read as a leak.
        System.gc();
        Tracking.drainLeaks();
        assertEquals(List.of(), checkpoint.failures());
        assertEquals(List.of(), fixture.records().stream().map(r -> r.getMessage()).toList());
        assertEquals(THREADS * ROUNDS * 2L, Tracking.site(borrow).borrows());
        assertEquals(0, Tracking.site(borrow).leaks());
    }

    @ParameterizedTest
    @EnumSource(value = LeakLevel.class, names = {"FULL"})
    void buffersHandedBetweenThreadsAreTrackedExactly(LeakLevel level) throws Exception {
        fixture.settings("leak=" + level.settingValue());
        int borrow = site("producer", 210);
        int release = site("consumer", 211);
        java.util.concurrent.BlockingQueue<float[][][]> handoff = new java.util.concurrent.ArrayBlockingQueue<>(8);
        Thread consumer = new Thread(() -> {
            try {
                for (int i = 0; i < 2_000; i++) {
                    float[][][] m = handoff.take();
                    assertTrue(Tracker.isBorrowed(m));
                    Pools.release(m, release);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        for (int i = 0; i < 2_000; i++) {
            handoff.put(Pools.float3d(1, 3, 17, borrow));
        }
        consumer.join();
        awaitCollected(borrow);
        assertEquals(0, Tracking.site(borrow).leaks());
        assertEquals(0, Tracking.site(release).doubleReturns());
    }

    private static void work(int borrow, int release) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < ROUNDS; i++) {
            // two shapes, two buffers at once: lots of recycling across threads through the shared pool
            float[][][] a = Pools.float3d(2, 4, 4, borrow);
            float[][][] b = Pools.float3d(1, 4, 8, borrow);
            a[random.nextInt(2)][1][1] = i;
            assertTrue(Tracker.isBorrowed(a) && Tracker.isBorrowed(b));
            Pools.release(a, release);
            Pools.release(b, release);
            if (i % 1000 == 0) {
                assertFalse(Tracker.isBorrowed(a) && Tracker.isBorrowed(b) && a == b);
            }
        }
    }
}
