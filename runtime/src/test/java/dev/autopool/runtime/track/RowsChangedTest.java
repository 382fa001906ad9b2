package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.name;
import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.Pools;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A release hands back the whole matrix, rows included: a matrix whose rows are not the ones the pool gave it
 * is never zeroed or lent again, so no later borrower shares a row with another or writes into the app's live
 * data. Each test uses a shape of its own, so buffers other tests left in the pool stay out of the way.
 */
class RowsChangedTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    @Test
    void aRowSharedBetweenTwoReleasedMatricesIsNeverLentToTwoBorrowers() {
        int borrow = site("frame", 10);
        int free = site("frame", 11);
        float[][] a = Pools.float2d(3, 17, borrow);
        float[][] b = Pools.float2d(3, 17, borrow);
        a[0] = b[0];
        Pools.release(a, free);
        Pools.release(b, free);

        float[][] c = Pools.float2d(3, 17, borrow);
        float[][] d = Pools.float2d(3, 17, borrow);

        assertTrue(distinctRows(c, d), "two borrowers must never share a row");
        c[0][0] = 1f;
        assertEquals(0f, d[0][0]);
        assertEquals(1, fixture.lines("autopool ROWS-CHANGED").size());
        Pools.release(c, free);
        Pools.release(d, free);
    }

    @Test
    void atFullTheReleaseItselfReportsAMatrixWhoseRowsChanged() {
        // Before, the report waited for the matrix to leave the quarantine and be lent again: a test at
        // leak=full that released one such matrix never saw a ROWS-CHANGED line.
        fixture.settings("leak=full");
        int borrow = site("frame", 40);
        int free = site("frame", 41);
        float[][] a = Pools.float2d(2, 23, borrow);
        a[1] = new float[23];
        Pools.release(a, free);

        assertEquals(1, fixture.lines("autopool ROWS-CHANGED").size(), fixture::toString);
        assertTrue(fixture.lines("autopool ROWS-CHANGED").get(0).startsWith("autopool ROWS-CHANGED float[2][23]"
                + " (184 bytes) released at " + name(free)));
        float[][] next = Pools.float2d(2, 23, borrow);
        assertNotSame(a, next, "it went to the GC, not to the quarantine");
        Pools.release(next, free);
    }

    @Test
    void aLiveArrayPutIntoAReleasedMatrixIsNeverZeroedUnderTheApp() {
        int borrow = site("frame", 20);
        int free = site("frame", 21);
        float[] live = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f, 16f, 17f, 18f};
        float[][] a = Pools.float2d(2, 18, borrow);
        a[0] = live;
        Pools.release(a, free);

        float[][] next = Pools.float2d(2, 18, borrow);

        assertNotSame(a, next);
        assertEquals(1f, live[0]);
        assertEquals(18f, live[17]);
        assertEquals(1, fixture.lines("autopool ROWS-CHANGED").size());
        String line = fixture.lines("autopool ROWS-CHANGED").get(0);
        assertTrue(line.startsWith("autopool ROWS-CHANGED float[2][18] (144 bytes) released at " + name(free)
                + " (borrowed at " + name(borrow) + ")"), line);
        Pools.release(next, free);
    }

    @Test
    void aMatrixFilledWithOneOfItsOwnRowsNeverAliasesLaterBorrowers() {
        int borrow = site("frame", 30);
        int free = site("frame", 31);
        int[][] a = Pools.int2d(4, 19, borrow);
        Arrays.fill(a, a[0]);
        Pools.release(a, free);

        int[][] next = Pools.int2d(4, 19, borrow);

        assertTrue(distinctRows(next), "every row of a borrowed matrix is its own");
        Pools.release(next, free);
    }

    @Test
    void aReplacedRowAtTheLowestLevelOfARank3MatrixIsFound() {
        int borrow = site("frame", 40);
        int free = site("frame", 41);
        double[] live = new double[5];
        Arrays.fill(live, 7d);
        double[][][] a = Pools.double3d(2, 3, 5, borrow);
        a[1][2] = live;
        Pools.release(a, free);

        double[][][] next = Pools.double3d(2, 3, 5, borrow);

        assertNotSame(a, next);
        assertEquals(7d, live[4]);
        Pools.release(next, free);
    }

    @Test
    void anUntouchedMatrixIsStillAHitAndZeroed() {
        int borrow = site("frame", 50);
        int free = site("frame", 51);
        long[][][] a = Pools.long3d(2, 3, 6, borrow);
        a[1][2][5] = 9L;
        Pools.release(a, free);

        long[][][] next = Pools.long3d(2, 3, 6, borrow);

        assertTrue(next == a, "a matrix with its own rows is lent again");
        assertEquals(0L, next[1][2][5]);
        assertTrue(fixture.lines("autopool ROWS-CHANGED").isEmpty());
        Pools.release(next, free);
    }

    @Test
    void rowsChangedIsLoggedOncePerReleaseSite() {
        int borrow = site("loop", 60);
        int free = site("loop", 61);
        for (int i = 0; i < 3; i++) {
            short[][] a = Pools.short2d(2, 21, borrow);
            a[1] = new short[21];
            Pools.release(a, free);
        }
        Pools.release(Pools.short2d(2, 21, borrow), free);

        assertEquals(1, fixture.lines("autopool ROWS-CHANGED").size());
    }

    @Test
    void theRecordKeepsNoReplacedRowAliveOnceTheMatrixIsDropped() throws InterruptedException {
        int borrow = site("frame", 70);
        int free = site("frame", 71);
        byte[][] a = Pools.byte2d(2, 23, borrow);
        WeakReference<byte[]> original = new WeakReference<>(a[0]);
        a[0] = new byte[23];
        Pools.release(a, free);
        Pools.release(Pools.byte2d(2, 23, borrow), free);
        a = null;

        for (int i = 0; i < 50 && original.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(original.get(), "the replaced row must not be kept alive by the pool");
    }

    @Test
    void aMatrixWhoseRowsRecordTheGcTookIsNotLentAgainAndNothingIsReported() {
        int borrow = site("frame", 60);
        int free = site("frame", 61);
        float[][] m = Pools.float2d(3, 29, borrow);
        Pools.release(m, free);
        float[][] again = Pools.float2d(3, 29, borrow);
        assertTrue(again == m, "with its record, the matrix comes back");
        Pools.release(again, free);

        Tracker.LEDGER.find(m).rows.clear(); // what the GC does to an idle matrix's record under memory pressure
        float[][] next = Pools.float2d(3, 29, borrow);

        assertNotSame(m, next, "a matrix whose rows cannot be checked is never lent again");
        assertEquals(0, fixture.lines("autopool ROWS-CHANGED").size(), "no row changed: nothing to report");
        Pools.release(next, free);
    }

    @Test
    void recordedRowsMatchOnlyTheSameReferences() {
        float[][][] m = new float[2][3][4];
        Object[] rows = RowRecord.of(m);

        assertEquals(2 + 6, rows.length);
        assertTrue(RowRecord.intact(m, rows));
        m[0][1] = m[0][1].clone();
        assertTrue(!RowRecord.intact(m, rows));
        assertArrayEquals(new float[4], m[0][1]);
        assertTrue(RowRecord.regular(new float[2][3][4]));
        float[] r = new float[4];
        assertTrue(!RowRecord.regular(new float[][] {r, r}), "a row twice is not regular");
        assertTrue(!RowRecord.regular(new float[][] {r, new float[5]}), "rows of two lengths are not regular");
    }

    private static boolean distinctRows(Object[]... matrices) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Object[] m : matrices) {
            for (Object row : m) {
                if (!seen.add(row)) {
                    return false;
                }
            }
        }
        return true;
    }
}
