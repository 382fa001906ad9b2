package dev.autopool.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.Sites;
import dev.autopool.runtime.track.Tracking;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Idle buffers are held softly, so the GC may take them when the JVM runs short of heap (it clears every soft
 * reference before it throws an OutOfMemoryError). Here the tests clear the pool's soft references by hand, as
 * the GC does, and check what follows: the pool settles the loss (pressure drops counted, budget given back),
 * keeps working, never lends one buffer twice, and the tracker reports no leak for a buffer it gave up idle.
 */
@org.junit.jupiter.api.extension.ExtendWith(Grids.ReturnBorrowed.class)
class MemoryPressureTest {
    private static final int SITE = Sites.register("test.Pressure", "m", "Pressure.java", 1, "factory");
    private static final int[] SHAPE = {2048};
    private static final long BYTES = 2048L * 4;

    /** What the GC does to the pool's free arrays before an OutOfMemoryError. */
    private static int giveUpEverything(ArrayPool pool) {
        List<Reference<?>> holds = pool.softHolds();
        holds.forEach(Reference::clear);
        return holds.size();
    }

    @Test
    void whatTheGcTookFromTheStripesAndTheDepotIsCountedAndItsBudgetGivenBack() {
        ArrayPool pool = Grids.pool(); // the test thread has not earned private magazines: stripes, then the depot
        List<Object> lent = BudgetTest.borrow(pool, Family.FLOAT1, SHAPE, 40);
        lent.forEach(a -> pool.release(a, SITE));
        assertEquals(40 * BYTES, pool.stats().retainedBytes());
        assertTrue(pool.committedBytes() >= 40 * BYTES);

        assertTrue(giveUpEverything(pool) > 1);
        PoolStats taken = pool.stats();
        assertEquals(0, taken.retainedBytes(), "a snapshot counts what the GC took as gone at once");
        assertEquals(40, taken.pressureDrops());
        assertEquals(0, taken.drops(), "a pressure drop is no refused release");

        pool.settleGivenUp(); // the housekeeper's pass
        assertEquals(0, pool.committedBytes(), "every dropped buffer gives its share of the budget back");
        assertEquals(40, pool.stats().pressureDrops(), "settling counts each buffer once");
        assertEquals(0, pool.stats().outstandingBytes());
    }

    @Test
    void afterThePressureThePoolKeepsAndLendsAgain() {
        ArrayPool pool = Grids.pool();
        Object first = Grids.borrow(pool, Family.FLOAT1, SHAPE, SITE);
        pool.release(first, SITE);
        giveUpEverything(pool);

        Object fresh = Grids.borrow(pool, Family.FLOAT1, SHAPE, SITE);
        assertNotSame(first, fresh, "what the GC took is never lent");
        pool.release(fresh, SITE);
        assertSame(fresh, Grids.borrow(pool, Family.FLOAT1, SHAPE, SITE), "a released buffer is kept again");
        assertEquals(1, pool.stats().pressureDrops());
    }

    @Test
    void aPrivateMagazineTheGcClearedIsSettledByItsOwnerOnItsNextOperation() {
        ArrayPool pool = Grids.poolEarningAfter(1, 0); // private magazines from the first borrow, no trimming
        List<Object> lent = BudgetTest.borrow(pool, Family.FLOAT1, SHAPE, 3);
        lent.forEach(a -> pool.release(a, SITE));
        assertEquals(3 * BYTES, pool.stats().retainedBytes());

        giveUpEverything(pool);
        assertEquals(3, pool.stats().pressureDrops());
        assertEquals(0, pool.stats().retainedBytes());
        pool.settleGivenUp(); // only the owner may touch its magazine: the housekeeper makes it catch up

        Object next = Grids.borrow(pool, Family.FLOAT1, SHAPE, SITE);
        assertTrue(lent.stream().noneMatch(a -> a == next));
        assertEquals(0, pool.committedBytes(), "the owner gave the cleared magazine's slots back");
        assertEquals(3, pool.stats().pressureDrops());
        pool.release(next, SITE);
        assertSame(next, Grids.borrow(pool, Family.FLOAT1, SHAPE, SITE), "the magazine keeps arrays again");
    }

    @Test
    void aDeadThreadsClearedMagazineIsSettledWhenTheHousekeeperTakesItOver() throws Exception {
        ArrayPool pool = Grids.poolEarningAfter(1, 0);
        Thread t = new Thread(() -> BudgetTest.borrow(pool, Family.FLOAT1, SHAPE, 4)
                .forEach(a -> pool.release(a, SITE)));
        t.start();
        t.join();
        giveUpEverything(pool);

        pool.reclaimDead();
        pool.settleGivenUp();
        assertEquals(0, pool.committedBytes());
        PoolStats s = pool.stats();
        assertEquals(4, s.pressureDrops());
        assertEquals(0, s.retainedBytes());
        assertEquals(0, pool.earnedThreads());
    }

    @Test
    void aBufferTheGcTookWhileIdleIsNoLeakAndLeavesTheLedger() throws Exception {
        ArrayPool pool = Grids.pool();
        int[] shape = {777};
        List<Object> lent = BudgetTest.borrow(pool, Family.INT1, shape, 200); // some of them watched for leaks
        List<WeakReference<Object>> gone = new ArrayList<>();
        for (Object a : lent) {
            gone.add(new WeakReference<>(a));
            pool.release(a, SITE);
        }
        lent.clear();
        Grids.forgetLent();
        long leaksBefore = Tracking.totals().leaks();

        giveUpEverything(pool);
        for (int i = 0; i < 100 && gone.stream().anyMatch(w -> w.get() != null); i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertTrue(gone.stream().allMatch(w -> w.get() == null), "nothing in the pool keeps a given-up buffer");
        Tracking.drainLeaks();
        assertEquals(leaksBefore, Tracking.totals().leaks(), "an idle buffer the GC took is no leak");
        assertEquals(200, pool.stats().pressureDrops());
    }

    @Test
    void noBufferIsEverLentToTwoBorrowersWhileTheGcTakesFreeArrays() throws Exception {
        ArrayPool pool = Grids.poolEarningAfter(16, 0); // some threads earn private magazines, some use stripes
        Set<Object> lentNow = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        AtomicReference<String> broken = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int me = t + 1;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 20_000 && broken.get() == null; i++) {
                    int[] shape = {64 + (i % 3)};
                    float[] a = (float[]) pool.borrow(Family.FLOAT1, shape[0], 0, 0, 0, SITE);
                    if (a == null) {
                        a = pool.fresh(new float[shape[0]], Family.FLOAT1, shape[0], 0, 0, 0, SITE);
                    }
                    if (!lentNow.add(a)) {
                        broken.set("lent to two borrowers at once");
                    }
                    if (a[0] != 0) {
                        broken.set("lent unzeroed: " + a[0]);
                    }
                    a[0] = me;
                    Thread.yield();
                    if (a[0] != me) {
                        broken.set("written by another borrower");
                    }
                    lentNow.remove(a);
                    pool.release(a, SITE);
                }
            }));
        }
        Thread gc = new Thread(() -> {
            while (!stop.get()) {
                giveUpEverything(pool);
                pool.settleGivenUp();
                Thread.onSpinWait();
            }
        });
        gc.start();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        stop.set(true);
        gc.join();

        assertNull(broken.get());
        pool.reclaimDead();
        pool.settleGivenUp();
        PoolStats s = pool.stats();
        assertEquals(0, s.outstandingBytes());
        assertTrue(s.pressureDrops() > 0, s::toString);
        assertEquals(s.retainedBytes(), pool.committedBytes() - reservedButEmpty(pool),
                "the budget holds exactly what is kept, plus empty reserved slots");
    }

    /** Committed bytes that hold no array: reserved stripe slots left empty (dead threads' magazines are gone). */
    private static long reservedButEmpty(ArrayPool pool) {
        long empty = 0;
        for (ShapePool p : pool.shapePools()) {
            for (Stripe s : p.stripes) {
                empty += (s.slots - s.held()) * p.bytes;
            }
        }
        return empty;
    }
}
