package dev.autopool.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class Float3dPoolTest {

    @Test
    void aReleasedArrayServesTheNextBorrowOfTheSameShape() {
        Float3dPool pool = new Float3dPool();
        float[][][] first = pool.borrow(2, 3, 4);
        pool.release(first);

        assertSame(first, pool.borrow(2, 3, 4));
        assertEquals(1, pool.stats().hits());
        assertEquals(1, pool.stats().misses());
    }

    @Test
    void anotherShapeMisses() {
        Float3dPool pool = new Float3dPool();
        float[][][] first = pool.borrow(2, 3, 4);
        pool.release(first);

        assertNotSame(first, pool.borrow(2, 4, 3));
    }

    @Test
    void aRecycledArrayIsZeroed() {
        Float3dPool pool = new Float3dPool();
        float[][][] m = pool.borrow(1, 2, 2);
        m[0][1][1] = 42f;
        pool.release(m);

        assertEquals(0f, pool.borrow(1, 2, 2)[0][1][1]);
    }
}
