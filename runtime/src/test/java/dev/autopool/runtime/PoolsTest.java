package dev.autopool.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The 24 entry points rewritten call sites land on, exactly as the agent calls them. */
class PoolsTest {
    private static final int SITE = Sites.register("test.PoolsTest", "call", "PoolsTest.java", 1, "factory");
    private static final int NEGATIVE = Sites.register("test.PoolsTest", "negative", "PoolsTest.java", 2, "factory");

    static Stream<Arguments> entryPoints() {
        return Stream.of(float.class, double.class, int.class, long.class, short.class, byte.class)
                .flatMap(t -> Stream.of(1, 2, 3, 4).map(rank -> Arguments.of(t, rank)));
    }

    @ParameterizedTest(name = "{0} rank {1}")
    @MethodSource("entryPoints")
    void eachEntryPointReturnsWhatNewWouldAndReusesItAfterRelease(Class<?> type, int rank) throws Exception {
        Method borrow = entryPoint(type, rank);
        int[] dims = Arrays.copyOf(new int[] {5, 3, 2, 4}, rank);

        Object a = call(borrow, dims);
        assertSame(Array.newInstance(type, dims).getClass(), a.getClass());
        assertSame(borrow.getReturnType(), a.getClass());
        long hits = Pools.stats().hits();
        Pools.release(a, SITE);

        assertSame(a, call(borrow, dims));
        assertEquals(hits + 1, Pools.stats().hits());
        Pools.release(a, SITE);
    }

    @ParameterizedTest(name = "{0} rank {1}")
    @MethodSource("entryPoints")
    void aNegativeDimensionThrowsWhatNewThrows(Class<?> type, int rank) throws Exception {
        Method borrow = entryPoint(type, rank);
        int[] dims = new int[rank];
        Arrays.fill(dims, 2);
        dims[rank - 1] = -1;

        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> call(borrow, dims));
        assertTrue(e.getCause() instanceof NegativeArraySizeException, e.getCause()::toString);
    }

    @ParameterizedTest(name = "{0} rank {1}")
    @MethodSource("entryPoints")
    void aBorrowThatThrowsForANegativeDimensionIsNotCounted(Class<?> type, int rank) throws Exception {
        int site = NEGATIVE;
        Method borrow = entryPoint(type, rank);
        int[] dims = new int[rank];
        Arrays.fill(dims, rank == 1 ? -3 : 0); // 0 outside, -3 inside: new still throws, and the shape is unpoolable
        dims[rank - 1] = -3;
        long borrows = Pools.stats().borrows();
        Object[] args = new Object[rank + 1];
        for (int i = 0; i < rank; i++) args[i] = dims[i];
        args[rank] = site;

        assertThrows(InvocationTargetException.class, () -> borrow.invoke(null, args));

        assertEquals(borrows, Pools.stats().borrows(), "a new that threw lent nothing");
        for (dev.autopool.runtime.track.SiteTotals t : dev.autopool.runtime.track.Tracking.sites()) {
            if (t.site() == site) {
                assertEquals(0, t.borrows(), t::toString);
                assertEquals(0, t.borrowedBytes(), t::toString);
            }
        }
    }

    @ParameterizedTest(name = "{0} rank {1}")
    @MethodSource("entryPoints")
    void aZeroDimensionGivesAnEmptyArrayLikeNew(Class<?> type, int rank) throws Exception {
        int[] dims = new int[rank];
        Arrays.fill(dims, 3);
        dims[0] = 0;
        Object a = call(entryPoint(type, rank), dims);
        assertArrayEquals(new int[] {0}, new int[] {Array.getLength(a)});
        Pools.release(a, SITE);
    }

    @org.junit.jupiter.api.Test
    void releaseIfBorrowedBringsALentArrayHomeOnceAndIgnoresEverythingElse() {
        long releases = Pools.stats().releases();
        int[][] lent = Pools.int2d(7, 19, SITE);
        Pools.releaseIfBorrowed(lent, SITE);
        Pools.releaseIfBorrowed(lent, SITE);
        Pools.releaseIfBorrowed(new int[7][19], SITE);
        Pools.releaseIfBorrowed("not an array", SITE);

        assertEquals(releases + 1, Pools.stats().releases());
        int[][] again = Pools.int2d(7, 19, SITE);
        assertSame(lent, again);
        Pools.release(again, SITE);
    }

    private static Method entryPoint(Class<?> type, int rank) throws NoSuchMethodException {
        Class<?>[] params = new Class<?>[rank + 1];
        Arrays.fill(params, int.class);
        return Pools.class.getMethod(type.getName() + rank + "d", params);
    }

    private static Object call(Method m, int[] dims) throws Exception {
        Object[] args = new Object[dims.length + 1];
        for (int i = 0; i < dims.length; i++) {
            args[i] = dims[i];
        }
        args[dims.length] = SITE;
        return m.invoke(null, args);
    }
}
