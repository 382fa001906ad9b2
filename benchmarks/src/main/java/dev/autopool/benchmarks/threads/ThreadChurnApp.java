package dev.autopool.benchmarks.threads;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The app side of {@link ThreadChurnBenchmark}: an ordinary program with no autopool dependency that borrows one
 * matrix per task from its own factory ({@link Matrices}) and frees it, on the threading model named by its
 * first argument. Run with the agent and a factory/release rule for {@code Matrices}, the calls are pooled.
 *
 * <pre>
 * virtual-short N        N short-lived virtual threads (JDK 21+), one task each
 * platform-tasks N       N tasks, each on a new platform thread (at most 16 alive at once)
 * virtual-long T N       T long-lived virtual threads, N tasks each
 * virtual-alive N        N virtual threads alive at once (JDK 21+): all are started and parked first, then each
 *                        runs one task
 * virtual-waves W N      W waves of N virtual threads (JDK 21+): each wave alive at once, one task each, the
 *                        next wave starts when the last one has ended
 * </pre>
 *
 * Prints {@code RESULT ms=... heapAfterGcKb=... checksum=...}: the workload's wall time, the heap in use after
 * full GCs once it is done, and a checksum of what the tasks computed (equal with and without the agent).
 */
public final class ThreadChurnApp {
    private static final LongAdder CHECKSUM = new LongAdder();

    private ThreadChurnApp() {}

    /** The app's own matrix factory and release point, as an app without autopool would write them. */
    public static final class Matrices {
        private Matrices() {}

        public static float[][][] float3d(int c, int h, int w) {
            return new float[c][h][w];
        }

        public static void free(Object matrix) {
            // without autopool the GC takes it
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long start = System.nanoTime();
        switch (mode) {
            case "virtual-short" -> virtualShort(Integer.parseInt(args[1]));
            case "platform-tasks" -> platformTasks(Integer.parseInt(args[1]));
            case "virtual-long" -> virtualLong(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "virtual-alive" -> virtualAlive(Integer.parseInt(args[1]), 0);
            case "virtual-waves" -> virtualWaves(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("RESULT ms=" + ms + " heapAfterGcKb=" + heapAfterGcKb() + " checksum=" + CHECKSUM.sum());
    }

    /** One task: borrow a matrix, use it, free it. */
    static void task(int id) {
        float[][][] m = Matrices.float3d(3, 64, 64);
        long sum = 0;
        for (int c = 0; c < 3; c++) {
            float[] row = m[c][id & 63];
            for (int i = 0; i < row.length; i++) {
                sum += (long) row[i]; // all zeros on every borrow, pooled or not
                row[i] = id + i;
            }
            sum += (long) row[c];
        }
        CHECKSUM.add(sum);
        Matrices.free(m);
    }

    private static void virtualShort(int threads) throws Exception {
        ExecutorService virtual = virtualThreadPerTask();
        for (int t = 0; t < threads; t++) {
            int id = t;
            virtual.execute(() -> task(id));
        }
        finish(virtual);
    }

    private static void virtualLong(int threads, int tasks) throws Exception {
        ExecutorService virtual = virtualThreadPerTask();
        for (int t = 0; t < threads; t++) {
            int base = t * tasks;
            virtual.execute(() -> {
                for (int i = 0; i < tasks; i++) {
                    task(base + i);
                }
            });
        }
        finish(virtual);
    }

    private static void virtualWaves(int waves, int threads) throws Exception {
        for (int w = 0; w < waves; w++) {
            virtualAlive(threads, w * threads);
        }
    }

    /**
     * {@code threads} virtual threads, all started and parked before any borrows (so they are alive at once), then
     * released together to run one task each; returns when every one has ended.
     */
    private static void virtualAlive(int threads, int base) throws Exception {
        CountDownLatch started = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService virtual = virtualThreadPerTask();
        for (int t = 0; t < threads; t++) {
            int id = base + t;
            virtual.execute(() -> {
                started.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                task(id);
            });
        }
        started.await();
        go.countDown();
        finish(virtual);
    }

    private static void platformTasks(int tasks) throws Exception {
        Semaphore alive = new Semaphore(16);
        CountDownLatch done = new CountDownLatch(tasks);
        for (int t = 0; t < tasks; t++) {
            int id = t;
            alive.acquire();
            Thread thread = new Thread(() -> {
                try {
                    task(id);
                } finally {
                    alive.release();
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
    }

    private static long heapAfterGcKb() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 10;
    }

    private static void finish(ExecutorService executor) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("tasks did not finish");
        }
    }

    /** Reflection: the benchmarks compile for Java 17, and this mode runs on JDK 21+ only. */
    private static ExecutorService virtualThreadPerTask() throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }
}
