package dev.autopool.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Configured shapes are pre-allocated off the caller's thread, so their first borrows hit. */
@org.junit.jupiter.api.extension.ExtendWith(Grids.ReturnBorrowed.class)
class WarmupTest {
    @Test
    void theFirstBorrowsOfAWarmShapeAreHits() throws Exception {
        ArrayPool pool = Grids.pool();
        pool.configure(PoolSettings.parse(Map.of("warmup", "float[3][32][32]x3; int[100]"), 1L << 30,
                p -> { throw new AssertionError(p); }));
        pool.warmup().get(10, TimeUnit.SECONDS);

        List<Object> lent = BudgetTest.borrow(pool, Family.FLOAT3, new int[] {3, 32, 32}, 3);
        BudgetTest.borrow(pool, Family.INT1, new int[] {100}, 1);

        PoolStats s = pool.stats();
        assertEquals(4, s.hits());
        assertEquals(0, s.misses());
        assertEquals(3, lent.stream().distinct().count());
    }

    @Test
    void warmUpStopsAtTheBudget() throws Exception {
        ArrayPool pool = Grids.pool();
        pool.configure(PoolSettings.parse(Map.of("warmup", "byte[1024]x10", "budget", "4k", "shape.max", "4k"), 1L << 30,
                p -> { throw new AssertionError(p); }));
        pool.warmup().get(10, TimeUnit.SECONDS);

        assertEquals(4096, pool.stats().retainedBytes());
    }
}
