package dev.autopool.runtime.pool;

import dev.autopool.runtime.Sites;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ownership stress and the hit-rate check on virtual threads, run in a forked JDK 21+ JVM by
 * {@link VirtualThreadPoolTest} (the test sources stay Java 17, so virtual threads are reached by reflection).
 * Exits with 1 and the failures on stderr when a check fails; prints {@code RESULT ...} otherwise.
 */
public final class VirtualThreadStress {
    private static final int SITE = Sites.register("test.VirtualStress", "run", "VirtualStress.java", 1, "factory");
    private static final int TASKS = 200_000;
    private static final int STEADY_THREADS = 100_000;

    private VirtualThreadStress() {}

    public static void main(String[] args) throws Exception {
        List<String> failures = new CopyOnWriteArrayList<>();
        String ownership = ownership(failures);
        String steady = steadyHitRate(failures);
        if (!failures.isEmpty()) {
            failures.stream().limit(20).forEach(System.err::println);
            System.exit(1);
        }
        System.out.println("RESULT " + ownership + " " + steady);
    }

    /**
     * Short-lived virtual threads borrow one to three arrays each, stamp them, hand a third of them to other
     * threads to release, while a platform thread trims the pool as fast as it can (trim.idle 1 ms): no array
     * may be lent to two borrowers at once, every borrowed array must be all zeros.
     */
    private static String ownership(List<String> failures) throws Exception {
        ArrayPool pool = Grids.poolEarningAfter(64, TimeUnit.MILLISECONDS.toNanos(1));
        Set<Object> lent = Collections.newSetFromMap(new ConcurrentHashMap<>());
        ConcurrentLinkedQueue<long[]> handedOver = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread trimmer = new Thread(() -> {
            while (running.get()) {
                pool.trim(System.nanoTime());
                Thread.onSpinWait();
            }
        }, "trimmer");
        trimmer.start();
        ExecutorService virtual = virtualThreadPerTask();
        try {
            for (int t = 0; t < TASKS; t++) {
                int id = t;
                virtual.execute(() -> {
                    try {
                        task(id, pool, lent, handedOver);
                    } catch (Throwable e) {
                        failures.add(e.toString());
                    }
                });
            }
        } finally {
            finish(virtual);
        }
        running.set(false);
        trimmer.join();
        for (long[] rest; (rest = handedOver.poll()) != null; ) {
            letGo(rest, pool, lent);
        }
        PoolStats s = pool.stats();
        if (s.borrows() != s.releases() || s.outstandingBytes() != 0) {
            failures.add("borrows and releases must balance: " + s);
        }
        return "ownershipBorrows=" + s.borrows() + " ownershipHits=" + s.hits();
    }

    private static void task(int id, ArrayPool pool, Set<Object> lent, ConcurrentLinkedQueue<long[]> handedOver) {
        SplittableRandom random = new SplittableRandom(id);
        long[][] mine = new long[1 + random.nextInt(3)][];
        for (int i = 0; i < mine.length; i++) {
            int length = 4 + random.nextInt(3);
            Object o = pool.borrow(Family.LONG1, length, 0, 0, 0, SITE);
            long[] a = o != null ? (long[]) o : pool.fresh(new long[length], Family.LONG1, length, 0, 0, 0, SITE);
            if (!lent.add(a)) {
                throw new AssertionError("an array still lent was handed out again");
            }
            for (long v : a) {
                if (v != 0) {
                    throw new AssertionError("a borrowed array was not all zeros: " + v);
                }
            }
            Arrays.fill(a, ((long) id << 8) | i);
            mine[i] = a;
        }
        for (long[] a : mine) {
            if (random.nextInt(3) == 0) {
                handedOver.add(a);
            } else {
                letGo(a, pool, lent);
            }
        }
        long[] other = handedOver.poll();
        if (other != null) {
            letGo(other, pool, lent);
        }
    }

    private static void letGo(long[] a, ArrayPool pool, Set<Object> lent) {
        long stamp = a[0];
        for (long v : a) {
            if (v != stamp) {
                throw new AssertionError("another borrower wrote into an array that was lent to this one");
            }
        }
        if (!lent.remove(a)) {
            throw new AssertionError("released an array that was not lent");
        }
        pool.release(a, SITE);
    }

    /**
     * A steady one-shape workload: 100,000 virtual threads, each borrowing and releasing one matrix. Nine in ten
     * borrows or more must hit, and no virtual thread may get a thread-local map from the pool.
     */
    private static String steadyHitRate(List<String> failures) throws Exception {
        ArrayPool pool = Grids.poolEarningAfter(64, 0);
        Field threadLocals = Thread.class.getDeclaredField("threadLocals");
        threadLocals.setAccessible(true); // the forked JVM opens java.lang for this
        AtomicBoolean sawMap = new AtomicBoolean();
        ExecutorService virtual = virtualThreadPerTask();
        try {
            for (int t = 0; t < STEADY_THREADS; t++) {
                virtual.execute(() -> {
                    Object o = pool.borrow(Family.FLOAT3, 3, 16, 16, 0, SITE);
                    float[][][] m = o != null ? (float[][][]) o
                            : pool.fresh(new float[3][16][16], Family.FLOAT3, 3, 16, 16, 0, SITE);
                    m[1][2][3] = 1;
                    pool.release(m, SITE);
                    try {
                        if (threadLocals.get(Thread.currentThread()) != null) {
                            sawMap.set(true);
                        }
                    } catch (IllegalAccessException e) {
                        failures.add(e.toString());
                    }
                });
            }
        } finally {
            finish(virtual);
        }
        PoolStats s = pool.stats();
        double hitRate = (double) s.hits() / s.borrows();
        if (hitRate < 0.9) {
            failures.add("hit rate " + hitRate + " below 0.9 on a steady one-shape virtual-thread workload: " + s);
        }
        if (sawMap.get()) {
            failures.add("a virtual thread got a thread-local map from the pool");
        }
        if (pool.earnedThreads() != 0) {
            failures.add("a virtual thread earned private magazines");
        }
        return "steadyBorrows=" + s.borrows() + " steadyHitRate=" + hitRate;
    }

    private static void finish(ExecutorService executor) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(4, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the virtual threads did not finish in 4 minutes");
        }
    }

    private static ExecutorService virtualThreadPerTask() throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }
}
