package dev.autopool.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.Sites;
import java.lang.reflect.Array;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every family and rank promises: exact shape, reuse of the same shape, zeros unless opted out. */
@org.junit.jupiter.api.extension.ExtendWith(Grids.ReturnBorrowed.class)
class ArrayPoolTest {
    private static final int PLAIN = Sites.register("test.Plain", "m", "Plain.java", 1, "factory");
    private static final int NO_ZERO = Sites.register("test.NoZero", "m", "NoZero.java", 1, "factory",
            Sites.NO_ZERO);

    static java.util.stream.Stream<Family> families() {
        return Grids.families();
    }

    @ParameterizedTest
    @MethodSource("families")
    void aBorrowHasExactlyTheShapeOfNewAndIsAllZeros(Family f) {
        ArrayPool pool = Grids.pool();
        Object a = Grids.borrow(pool, f, Grids.shapeOf(f), PLAIN);

        assertSame(Array.newInstance(f.elementType(), Grids.shapeOf(f)).getClass(), a.getClass());
        assertArrayEquals(Grids.shapeOf(f), Grids.dims(a));
        assertTrue(Grids.all(a, v -> v == 0));
    }

    @ParameterizedTest
    @MethodSource("families")
    void aReleasedArrayServesTheNextBorrowOfTheSameShapeAsAHit(Family f) {
        ArrayPool pool = Grids.pool();
        Object first = Grids.borrow(pool, f, Grids.shapeOf(f), PLAIN);
        pool.release(first, PLAIN);

        assertSame(first, Grids.borrow(pool, f, Grids.shapeOf(f), PLAIN));
        PoolStats s = pool.stats();
        assertEquals(2, s.borrows());
        assertEquals(1, s.hits());
        assertEquals(1, s.misses());
        assertEquals(1, s.releases());
    }

    @ParameterizedTest
    @MethodSource("families")
    void anotherShapeOfTheSameFamilyMisses(Family f) {
        ArrayPool pool = Grids.pool();
        Object first = Grids.borrow(pool, f, Grids.shapeOf(f), PLAIN);
        pool.release(first, PLAIN);
        int[] other = Grids.shapeOf(f);
        other[other.length - 1]++;

        Object second = Grids.borrow(pool, f, other, PLAIN);
        assertNotSame(first, second);
        assertArrayEquals(other, Grids.dims(second));
    }

    @ParameterizedTest
    @MethodSource("families")
    void dataWrittenByOneBorrowerIsNeverSeenByTheNext(Family f) {
        ArrayPool pool = Grids.pool();
        Object a = Grids.borrow(pool, f, Grids.shapeOf(f), PLAIN);
        Grids.fill(a, (byte) 42);
        pool.release(a, PLAIN);

        Object b = Grids.borrow(pool, f, Grids.shapeOf(f), PLAIN);
        assertSame(a, b);
        assertTrue(Grids.all(b, v -> v == 0), "a recycled array must be all zeros");
    }

    @ParameterizedTest
    @MethodSource("families")
    void aSiteThatOptedOutOfZeroingGetsTheArrayAsItWasReleased(Family f) {
        ArrayPool pool = Grids.pool();
        Object a = Grids.borrow(pool, f, Grids.shapeOf(f), NO_ZERO);
        Grids.fill(a, (byte) 42);
        pool.release(a, NO_ZERO);

        Object b = Grids.borrow(pool, f, Grids.shapeOf(f), NO_ZERO);
        assertSame(a, b);
        assertTrue(Grids.all(b, v -> v == 42));
    }

    /** The families with rows: rank 2 and up. */
    static java.util.stream.Stream<Family> familiesWithRows() {
        return Grids.families().filter(f -> f.rank() >= 2);
    }

    @ParameterizedTest
    @MethodSource("familiesWithRows")
    void aMatrixWhoseRowsTheAppNulledOrReplacedIsNeverLentAgain(Family f) {
        ArrayPool pool = Grids.pool();
        int[] dims = Grids.shapeOf(f);
        Object a = Grids.borrow(pool, f, dims, NO_ZERO);
        Object[] rows = (Object[]) a;
        rows[1] = null;
        rows[2] = Array.newInstance(rows[0].getClass().getComponentType(), dims[1] + 7);
        pool.release(a, PLAIN);

        Object b = Grids.borrow(pool, f, dims, NO_ZERO);
        assertNotSame(a, b);
        assertArrayEquals(dims, Grids.dims(b));
        PoolStats s = pool.stats();
        assertEquals(1, s.drops(), "the matrix went to the GC");
        assertEquals(0, s.hits(), "a matrix that was not lent is no hit");
        assertEquals(2, s.misses());
    }

    @ParameterizedTest
    @MethodSource("families")
    void anArrayWithAZeroDimensionIsLentButNeverPooled(Family f) {
        ArrayPool pool = Grids.pool();
        int[] dims = Grids.shapeOf(f);
        dims[0] = 0;
        Object a = Grids.borrow(pool, f, dims, PLAIN);
        pool.release(a, PLAIN);

        assertEquals(0, Array.getLength(a));
        assertNotSame(a, Grids.borrow(pool, f, dims, PLAIN));
        assertEquals(0, pool.stats().hits());
    }

    @ParameterizedTest
    @MethodSource("families")
    void releasingSomethingThatIsNoPooledArrayDoesNothing(Family f) {
        ArrayPool pool = Grids.pool();
        pool.release("not an array", PLAIN);
        pool.release(new Object[3], PLAIN);
        pool.release(null, PLAIN);

        assertEquals(0, pool.stats().releases());
    }
}
