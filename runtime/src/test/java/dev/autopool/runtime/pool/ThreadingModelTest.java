package dev.autopool.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.Sites;
import dev.autopool.runtime.track.Tracking;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Threads are not long-lived resources: a thread that has not earned private magazines keeps nothing of its
 * own, a thread that has strands at most {@code magazine.size} buffers per shape when it dies, housekeeping looks
 * only at threads holding private magazines, and nothing shared keeps a thread alive.
 */
@ExtendWith(Grids.ReturnBorrowed.class)
class ThreadingModelTest {
    private static final int[] SHAPE = {2, 8, 8};
    private static final long NEVER = 0;

    @Test
    void aThreadThatHasNotEarnedAMagazineKeepsNothingAndItsReleaseServesTheNextBorrowerAtOnce() throws Exception {
        ArrayPool pool = Grids.poolEarningAfter(64, NEVER);
        AtomicReference<Object> released = new AtomicReference<>();
        Thread t = new Thread(() -> {
            Object a = Grids.borrow(pool, Family.FLOAT3, SHAPE, -1);
            pool.release(a, -1);
            released.set(a);
        });
        t.start();
        t.join(10_000);

        assertEquals(0, pool.earnedThreads());
        assertSame(released.get(), Grids.borrow(pool, Family.FLOAT3, SHAPE, -1), "no housekeeping needed");
    }

    @Test
    void aPlatformThreadEarnsPrivateMagazinesOnItsNthBorrow() throws Exception {
        ArrayPool pool = Grids.poolEarningAfter(10, NEVER);
        List<Integer> earnedAfter = new ArrayList<>();
        Thread t = new Thread(() -> {
            for (int i = 1; i <= 12; i++) {
                pool.release(Grids.borrow(pool, Family.FLOAT3, SHAPE, -1), -1);
                earnedAfter.add(pool.earnedThreads());
            }
        });
        t.start();
        t.join(10_000);

        assertEquals(List.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1), earnedAfter);
        assertEquals(12, pool.stats().borrows());
        assertEquals(11, pool.stats().hits());
    }

    @Test
    void aDeadThreadStrandsAtMostMagazineSizeBuffersUntilHousekeepingReturnsThem() throws Exception {
        ArrayPool pool = Grids.poolEarningAfter(0, NEVER);
        int size = pool.settings().magazineSize();
        int held = 3 * size;
        Thread t = new Thread(() -> {
            List<Object> lent = BudgetTest.borrow(pool, Family.FLOAT3, SHAPE, held);
            lent.forEach(a -> pool.release(a, -1));
        });
        t.start();
        t.join(10_000);
        assertEquals(1, pool.earnedThreads());

        long hitsBefore = pool.stats().hits();
        List<Object> reachable = BudgetTest.borrow(pool, Family.FLOAT3, SHAPE, held);
        long stranded = held - (pool.stats().hits() - hitsBefore);
        reachable.forEach(a -> pool.release(a, -1));
        assertTrue(stranded <= size, () -> stranded + " stranded, more than magazine.size=" + size);

        assertEquals(2, pool.earnedThreads(), "the dead thread and this one");
        pool.reclaimDead();
        assertEquals(1, pool.earnedThreads(), "only this one");
        hitsBefore = pool.stats().hits();
        List<Object> again = BudgetTest.borrow(pool, Family.FLOAT3, SHAPE, held + (int) stranded);
        assertEquals(held + stranded, pool.stats().hits() - hitsBefore, "every buffer is reachable again");
        again.forEach(a -> pool.release(a, -1));
        assertEquals(0, pool.stats().outstandingBytes());
    }

    @Test
    void shortLivedThreadsEachBorrowingOnceHitAndLeaveNothingForHousekeeping() throws Exception {
        ArrayPool pool = Grids.poolEarningAfter(64, NEVER);
        int site = Sites.register("test.Threads", "task", "Threads.java", 1, "factory");
        int threads = 2_000;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> pool.release(Grids.borrow(pool, Family.FLOAT3, SHAPE, site), site));
            t.start();
            t.join(10_000);
        }

        PoolStats s = pool.stats();
        assertEquals(0, pool.earnedThreads());
        assertEquals(threads, s.borrows());
        assertEquals(threads - 1, s.hits(), s::toString);
        assertEquals(1, BudgetTest.retained(pool, "float[2][8][8]") / (2 * 8 * 8 * 4), "one buffer served all");
        assertEquals(threads, Tracking.site(site).borrows(), "per-site counts from the stripes");
        assertEquals(threads - 1, Tracking.site(site).hits());
    }

    @Test
    void nothingSharedKeepsADeadThreadWithPrivateMagazinesAlive() throws Exception {
        ArrayPool pool = Grids.poolEarningAfter(0, NEVER);
        Thread t = new Thread(() -> pool.release(Grids.borrow(pool, Family.FLOAT3, SHAPE, -1), -1));
        t.start();
        t.join(10_000);
        WeakReference<Thread> dead = new WeakReference<>(t);
        t = null;
        assertEquals(1, pool.earnedThreads());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (dead.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(dead.get(), "the pool must hold its threads weakly");
        pool.reclaimDead();
        assertEquals(0, pool.earnedThreads());
        assertEquals(1, BudgetTest.retained(pool, "float[2][8][8]") / (2 * 8 * 8 * 4));
    }

    @Test
    void aMatrixWhoseRowsChangedIsADropNotAHitWhenAStripeServedIt() {
        aChangedMatrixIsCountedAsADrop(64, 301); // this thread has not earned: the release goes to a stripe
    }

    @Test
    void aMatrixWhoseRowsChangedIsADropNotAHitWhenAPrivateMagazineServedIt() {
        aChangedMatrixIsCountedAsADrop(0, 302); // earned on the first borrow
    }

    /** The hit of a matrix the hand-out check drops is undone, at the shape and at the site, on every tier. */
    private static void aChangedMatrixIsCountedAsADrop(int earn, int line) {
        ArrayPool pool = Grids.poolEarningAfter(earn, NEVER);
        int site = Sites.register("ThreadingModelTest", "rowsChanged", "ThreadingModelTest.java", line, "test", 0);
        float[][][] a = (float[][][]) Grids.borrow(pool, Family.FLOAT3, SHAPE, site);
        a[1] = new float[8][8]; // a row the pool did not give it
        pool.release(a, site);

        Object next = Grids.borrow(pool, Family.FLOAT3, SHAPE, site);

        assertTrue(next != a, "a matrix whose rows changed is never lent again");
        PoolStats s = pool.stats();
        assertEquals(2, s.borrows(), s::toString);
        assertEquals(0, s.hits(), s::toString);
        assertEquals(2, s.misses(), s::toString);
        assertEquals(1, s.releases(), s::toString);
        assertEquals(1, s.drops(), s::toString);
        assertEquals(2, Tracking.site(site).borrows());
        assertEquals(0, Tracking.site(site).hits());
    }
}
