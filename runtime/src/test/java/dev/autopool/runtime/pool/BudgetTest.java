package dev.autopool.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget, the per-shape cap, the refusal path and the outstanding count. */
@org.junit.jupiter.api.extension.ExtendWith(Grids.ReturnBorrowed.class)
class BudgetTest {
    private static final int[] SHAPE = {4, 16, 16};
    private static final long BYTES = 4L * 16 * 16 * 4;

    @Test
    void overTheBudgetAReleaseDropsTheArrayToTheGc() {
        ArrayPool pool = Grids.pool(3 * BYTES, 3 * BYTES);
        List<Object> lent = borrow(pool, Family.FLOAT3, SHAPE, 5);
        lent.forEach(a -> pool.release(a, -1));

        PoolStats s = pool.stats();
        assertEquals(5, s.releases());
        assertEquals(2, s.drops());
        assertEquals(3 * BYTES, s.retainedBytes());
        assertEquals(0, s.outstandingBytes());
    }

    @Test
    void oneShapeCannotKeepMoreThanItsCapButAnotherShapeStillCan() {
        ArrayPool pool = Grids.pool(100 * BYTES, 2 * BYTES);
        borrow(pool, Family.FLOAT3, SHAPE, 4).forEach(a -> pool.release(a, -1));
        borrow(pool, Family.INT3, SHAPE, 2).forEach(a -> pool.release(a, -1));

        assertEquals(2 * BYTES, retained(pool, "float[4][16][16]"));
        assertEquals(2 * BYTES, retained(pool, "int[4][16][16]"));
        assertEquals(2, pool.stats().drops());
    }

    @Test
    void aBorrowTakesItsBytesOutOfTheBudgetSoTheNextReleaseFits() {
        ArrayPool pool = Grids.pool(BYTES, BYTES);
        Object a = borrow(pool, Family.FLOAT3, SHAPE, 1).get(0);
        pool.release(a, -1);
        Object again = borrow(pool, Family.FLOAT3, SHAPE, 1).get(0);
        pool.release(again, -1);

        assertSame(a, again);
        assertEquals(0, pool.stats().drops());
    }

    @Test
    void outstandingBytesCountWhatIsLentAndTheirPeakIsKept() {
        ArrayPool pool = Grids.pool();
        List<Object> lent = borrow(pool, Family.FLOAT3, SHAPE, 3);
        assertEquals(3 * BYTES, pool.stats().outstandingBytes());
        pool.observe(); // the housekeeper's pass notes the peak

        lent.forEach(a -> pool.release(a, -1));
        PoolStats s = pool.stats();
        assertEquals(0, s.outstandingBytes());
        assertEquals(3 * BYTES, s.peakOutstandingBytes());
        assertEquals(3 * BYTES, s.retainedBytes());
    }

    @Test
    void arraysAboveTheMagazineLimitGoThroughTheDepotAndStillComeBack() {
        PoolSettings d = PoolSettings.defaults(1L << 30);
        ArrayPool pool = new ArrayPool(new PoolSettings(d.budget(), d.shapeCap(), d.magazineSize(), BYTES - 1, d.magazineEarn(),
                d.trimIdleNanos(), d.outstandingWarn(), List.of()));
        Object a = borrow(pool, Family.FLOAT3, SHAPE, 1).get(0);
        pool.release(a, -1);

        assertSame(a, borrow(pool, Family.FLOAT3, SHAPE, 1).get(0));
        assertTrue(pool.stats().hits() == 1);
    }

    static List<Object> borrow(ArrayPool pool, Family f, int[] dims, int n) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Grids.borrow(pool, f, dims, -1));
        }
        return out;
    }

    static long retained(ArrayPool pool, String shape) {
        return pool.shapeStats().stream().filter(s -> s.shape().toString().equals(shape))
                .mapToLong(s -> s.stats().retainedBytes()).sum();
    }
}
