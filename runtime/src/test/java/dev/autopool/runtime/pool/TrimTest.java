package dev.autopool.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Idle shapes give their memory back; dead threads' magazines come home. */
@org.junit.jupiter.api.extension.ExtendWith(Grids.ReturnBorrowed.class)
class TrimTest {
    private static final long IDLE = TimeUnit.SECONDS.toNanos(60);
    private static final int[] SHAPE = {2, 8, 8};

    @Test
    void aShapeUnusedForTrimIdleGivesItsFreeArraysBackWhileABusyShapeKeepsThem() {
        ArrayPool pool = Grids.pool();
        cycle(pool, Family.FLOAT3);
        cycle(pool, Family.INT3);
        pool.trim(0);

        cycle(pool, Family.FLOAT3);
        pool.trim(IDLE);
        cycle(pool, Family.FLOAT3); // the thread catches up with the trim on its next visit

        assertEquals(0, BudgetTest.retained(pool, "int[2][8][8]"));
        assertTrue(BudgetTest.retained(pool, "float[2][8][8]") > 0);
    }

    @Test
    void aShapeIsNotTrimmedBeforeItHasBeenIdleThatLong() {
        ArrayPool pool = Grids.pool();
        cycle(pool, Family.INT3);
        pool.trim(0);
        pool.trim(IDLE - 1);
        cycle(pool, Family.FLOAT3);

        assertTrue(BudgetTest.retained(pool, "int[2][8][8]") > 0);
    }

    @Test
    void trimmingReturnsTheBudgetSoOtherShapesCanUseIt() {
        long bytes = 2 * 8 * 8 * 4;
        ArrayPool pool = Grids.pool(bytes, bytes);
        cycle(pool, Family.INT3);
        pool.trim(0);
        pool.trim(IDLE);
        cycle(pool, Family.FLOAT3);

        assertEquals(0, BudgetTest.retained(pool, "int[2][8][8]"));
        assertEquals(bytes, BudgetTest.retained(pool, "float[2][8][8]"), "without the trim int would hold it all");
    }

    @Test
    void aShapeIdleLongEnoughIsForgottenButItsCountsAreKept() {
        ArrayPool pool = Grids.pool();
        cycle(pool, Family.INT3);
        pool.trim(0);
        pool.trim(IDLE);
        cycle(pool, Family.FLOAT3); // catches up: flushes the idle int magazine
        pool.trim(2 * IDLE);
        cycle(pool, Family.FLOAT3);

        assertTrue(pool.shapeStats().stream().noneMatch(s -> s.shape().toString().equals("int[2][8][8]")),
                pool.shapeStats()::toString);
        assertEquals(6, pool.stats().borrows());
        Object again = Grids.borrow(pool, Family.INT3, SHAPE, -1);
        pool.release(again, -1);
        assertEquals(1, BudgetTest.retained(pool, "int[2][8][8]") / (2 * 8 * 8 * 4));
        assertEquals(0, pool.stats().outstandingBytes());
    }

    @Test
    void theMagazineOfAThreadThatDiedComesBackToTheDepot() throws Exception {
        ArrayPool pool = Grids.pool();
        AtomicReference<Object> released = new AtomicReference<>();
        Thread t = new Thread(() -> {
            Object a = Grids.borrow(pool, Family.FLOAT3, SHAPE, -1);
            pool.release(a, -1);
            released.set(a);
        });
        t.start();
        t.join(10_000);
        assertFalse(t.isAlive(), "the borrowing thread finished");
        pool.trim(System.nanoTime());

        assertSame(released.get(), Grids.borrow(pool, Family.FLOAT3, SHAPE, -1));
        PoolStats s = pool.stats();
        assertEquals(1, s.hits());
        assertEquals(1, s.releases(), "the dead thread's counters are kept");
    }

    private static void cycle(ArrayPool pool, Family f) {
        List<Object> lent = BudgetTest.borrow(pool, f, SHAPE, 2);
        lent.forEach(a -> pool.release(a, -1));
    }
}
