package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.awaitCollected;
import static dev.autopool.runtime.track.TrackingFixture.awaitGcProcessed;
import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autopool.runtime.Pools;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
                float tag = t + 1;
                workers.add(pool.submit(() -> {
                    start.await();
                    work(borrow, release, tag);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(120, TimeUnit.SECONDS); // rethrows a worker's assertion error
            }
        } finally {
            pool.shutdownNow();
        }

        // Everything released: whatever the GC collects now (buffers the pool dropped) must not read as a leak.
        awaitGcProcessed();
        assertEquals(List.of(), checkpoint.failures());
        assertEquals(List.of(), fixture.records().stream().map(r -> r.getMessage()).toList());
        assertEquals(THREADS * ROUNDS * 2L, Tracking.site(borrow).borrows());
        assertEquals(0, Tracking.site(borrow).leaks());
    }

    @ParameterizedTest
    @EnumSource(value = LeakLevel.class, names = {"FULL"})
    void buffersHandedBetweenThreadsThroughThePoolsAreTrackedExactly(LeakLevel level) throws Exception {
        fixture.settings("leak=" + level.settingValue());
        int borrow = site("producer", 210);
        int release = site("consumer", 211);
        Tracking.Checkpoint checkpoint = Tracking.checkpoint();
        List<String> consumerFailures = handOver(2_000, () -> Pools.float3d(1, 3, 17, borrow),
                m -> Pools.release(m, release));

        assertEquals(List.of(), consumerFailures);
        assertEquals(List.of(), checkpoint.failures(), "every buffer handed over was released exactly once");
        assertEquals(2_000, Tracking.site(borrow).borrows());
        awaitGcProcessed(); // what the pool dropped was released on the consumer: never a leak
        assertEquals(0, Tracking.site(borrow).leaks());
        assertEquals(0, Tracking.site(release).doubleReturns());
    }

    @ParameterizedTest
    @EnumSource(value = LeakLevel.class, names = {"FULL", "PARANOID"})
    void buffersReleasedOnAnotherThreadAndThenCollectedAreNoLeak(LeakLevel level) throws Exception {
        fixture.settings("leak=" + level.settingValue(), "quarantine=0");
        int borrow = site("producer", 220);
        int release = site("consumer", 221);
        SiteTally consumers = new SiteTally(); // used on the consumer thread only, like a pool's own tally
        List<String> consumerFailures = handOver(2_000, () -> borrowFresh(borrow),
                m -> Tracker.releasing(consumers, m, release)); // the test plays a pool that keeps nothing

        assertEquals(List.of(), consumerFailures);
        awaitCollected(borrow); // every record processed: a release the GC did not see would read as a leak
        assertEquals(2_000, Tracking.site(borrow).borrows());
        assertEquals(0, Tracking.site(borrow).leaks());
        assertEquals(0, Tracking.site(release).doubleReturns());
    }

    private static float[][][] borrowFresh(int site) {
        float[][][] m = new float[1][3][17];
        Tracker.borrowed(m, site, 204);
        return m;
    }

    /**
     * Borrows {@code count} buffers on this thread and releases each on a consumer thread; returns what went wrong
     * on the consumer (checked there, asserted here), and fails if the consumer does not finish in time.
     */
    private static List<String> handOver(int count, java.util.function.Supplier<float[][][]> borrow,
            java.util.function.Consumer<float[][][]> release) throws InterruptedException {
        BlockingQueue<float[][][]> handoff = new ArrayBlockingQueue<>(8);
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread consumer = new Thread(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    float[][][] m = handoff.take();
                    if (!Tracker.isBorrowed(m) && failures.size() < 10) {
                        failures.add("buffer " + i + " is not borrowed on the consumer thread");
                    }
                    release.accept(m);
                }
            } catch (InterruptedException e) {
                failures.add("consumer interrupted");
            } catch (RuntimeException | Error e) {
                failures.add("consumer failed: " + e);
            }
        }, "consumer");
        consumer.start();
        try {
            for (int i = 0; i < count; i++) {
                if (!handoff.offer(borrow.get(), 30, TimeUnit.SECONDS)) {
                    failures.add("the consumer stopped taking buffers at " + i);
                    break;
                }
            }
        } finally {
            consumer.join(TimeUnit.SECONDS.toMillis(60));
            if (consumer.isAlive()) {
                consumer.interrupt();
                fail("the consumer did not finish within 60 s");
            }
        }
        return failures;
    }

    /**
     * Borrows two buffers at once, marks them with this worker's tag and checks the marks before releasing: a
     * buffer lent to two threads at once would carry another worker's tag (every worker writes the same slots).
     */
    private static void work(int borrow, int release, float tag) {
        for (int i = 0; i < ROUNDS; i++) {
            // two shapes, two buffers at once: lots of recycling across threads through the shared pool
            float[][][] a = Pools.float3d(2, 4, 4, borrow);
            float[][][] b = Pools.float3d(1, 4, 8, borrow);
            assertTrue(a[1][1][1] == 0 && b[0][1][1] == 0, "a recycled buffer is zeroed");
            a[1][1][1] = tag;
            b[0][1][1] = tag;
            assertTrue(Tracker.isBorrowed(a) && Tracker.isBorrowed(b));
            Thread.yield(); // let other workers borrow and release in between
            assertEquals(tag, a[1][1][1], "a buffer is lent to one worker at a time");
            assertEquals(tag, b[0][1][1], "a buffer is lent to one worker at a time");
            Pools.release(a, release);
            Pools.release(b, release);
        }
    }
}
