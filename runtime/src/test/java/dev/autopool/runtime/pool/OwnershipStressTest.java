package dev.autopool.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.Sites;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Millions of borrows and releases on several threads, a third of the releases on another thread than the
 * borrower, never hand one array to two borrowers at once: every borrower stamps its array with its own mark
 * and checks the mark is intact when it lets go, and an identity set of lent arrays must never see an array
 * lent twice. Every borrowed array must also arrive all zeros.
 */
class OwnershipStressTest {
    private static final int THREADS = 4;
    private static final int BORROWS_PER_THREAD = 500_000;
    private static final int HELD = 6;
    private static final int SITE = Sites.register("test.Stress", "run", "Stress.java", 1, "factory");

    @Test
    void noArrayIsEverLentToTwoBorrowersAtOnce() throws Exception {
        ArrayPool pool = Grids.pool();
        Set<Object> lent = Collections.newSetFromMap(new ConcurrentHashMap<>());
        ConcurrentLinkedQueue<long[]> handedOver = new ConcurrentLinkedQueue<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(THREADS);
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                try {
                    run(id, pool, lent, handedOver);
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    done.countDown();
                }
            }, "stress-" + t);
            worker.start();
        }
        assertTrue(done.await(60, TimeUnit.SECONDS), "the stress run must finish");
        long[] rest;
        while ((rest = handedOver.poll()) != null) {
            letGo(rest, rest[0], pool, lent);
        }

        assertEquals(List.of(), failures);
        PoolStats s = pool.stats();
        assertEquals((long) THREADS * BORROWS_PER_THREAD, s.borrows());
        assertEquals(s.borrows(), s.releases());
        assertEquals(0, s.outstandingBytes());
        assertTrue(s.hits() > s.borrows() * 9 / 10, () -> "most borrows should hit: " + s);
    }

    private static void run(int id, ArrayPool pool, Set<Object> lent, ConcurrentLinkedQueue<long[]> handedOver) {
        SplittableRandom random = new SplittableRandom(id);
        ArrayDeque<long[]> held = new ArrayDeque<>();
        for (int i = 0; i < BORROWS_PER_THREAD; i++) {
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
            long stamp = ((long) id << 32) | i;
            java.util.Arrays.fill(a, stamp);
            held.add(a);
            if (held.size() > random.nextInt(HELD) + 1) {
                long[] old = held.poll();
                if (random.nextInt(3) == 0) {
                    handedOver.add(old);
                } else {
                    letGo(old, old[0], pool, lent);
                }
            }
            long[] other = handedOver.poll();
            if (other != null) {
                letGo(other, other[0], pool, lent);
            }
        }
        for (long[] a : held) {
            letGo(a, a[0], pool, lent);
        }
    }

    private static void letGo(long[] a, long stamp, ArrayPool pool, Set<Object> lent) {
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
}
