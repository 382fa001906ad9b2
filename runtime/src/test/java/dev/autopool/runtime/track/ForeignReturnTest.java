package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.name;
import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.Pools;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ForeignReturnTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    @Test
    void anArrayThePoolNeverLentIsRefusedCountedAndReportedOncePerSite() {
        int release = site("decode", 12);

        assertFalse(Tracker.releasing(new float[2][5], release));
        assertFalse(Tracker.releasing(new float[2][5], release));

        assertEquals(List.of("autopool FOREIGN-RETURN float[2][5] (40 bytes) released at " + name(release)
                + " was never lent by the pool; it is left to the garbage collector. Release only buffers a pooled"
                + " factory returned, or set foreign=adopt to let the pool keep such arrays. Reported once per"
                + " site; later ones are only counted."), fixture.lines("autopool FOREIGN-RETURN"));
        assertEquals(2, Tracking.site(release).foreignReturns());
    }

    @Test
    void eachSiteGetsItsOwnLine() {
        assertFalse(Tracker.releasing(new byte[3], site("a", 1)));
        assertFalse(Tracker.releasing(new byte[3], site("b", 2)));
        assertEquals(2, fixture.lines("autopool FOREIGN-RETURN").size());
    }

    @Test
    void withAdoptionThePoolKeepsAForeignArrayAndLendsItAgain() {
        fixture.settings("foreign=adopt");
        int release = site("decode", 22);
        int borrow = site("decode", 23);
        float[][][] own = new float[1][3][9];

        Pools.release(own, release);
        float[][][] lent = Pools.float3d(1, 3, 9, borrow);

        assertSame(own, lent);
        assertTrue(Tracker.isBorrowed(lent));
        assertEquals(1, Tracking.site(borrow).hits());
        assertTrue(fixture.lines("autopool FOREIGN-RETURN").get(0).contains("the pool adopts it if its shape fits"));
        Pools.release(lent, release);
        assertEquals(0, Tracking.site(release).doubleReturns());
    }

    @Test
    void aRowOfAPooledMatrixIsNeverAdoptedWhetherTheMatrixIsLentOrIdle() {
        fixture.settings("foreign=adopt");
        int release = site("decode", 40);
        int borrow = site("decode", 41);
        float[][] lent = Pools.float2d(2, 11, borrow);

        Pools.release(lent[1], release); // a row of a matrix still in use
        assertNotSame(lent[1], Pools.float1d(11, borrow));
        Pools.release(lent[0], release); // then the matrix goes home too
        Pools.release(lent, release);
        float[] row = Pools.float1d(11, borrow);
        float[][] again = Pools.float2d(2, 11, borrow);

        assertNotSame(again[0], row);
        assertNotSame(again[1], row);
        assertTrue(fixture.lines("autopool FOREIGN-RETURN").get(0)
                .contains("it is not adopted (it is a row of a pooled matrix)"), fixture.lines("").toString());
    }

    @Test
    void aMatrixBuiltFromAnArrayThePoolLendsIsNotAdopted() {
        fixture.settings("foreign=adopt");
        int release = site("decode", 50);
        int borrow = site("decode", 51);
        float[] lent = Pools.float1d(13, borrow);
        float[][] own = {lent, new float[13]};

        Pools.release(own, release);

        assertNotSame(own, Pools.float2d(2, 13, borrow));
        assertTrue(fixture.lines("autopool FOREIGN-RETURN").get(0)
                .contains("it is not adopted (one of its rows belongs to the pool)"));
    }

    @Test
    void aFactoryCallsPlainResultFromBeforeItsBodyWasCheckedIsNoForeignReturn() {
        int release = site("close", 31);
        float[][] made = new float[2][5];
        dev.autopool.runtime.Pools.madeByPendingFactory(made);

        dev.autopool.runtime.Pools.release(made, release);
        dev.autopool.runtime.Pools.release(new float[2][5], release);

        assertEquals(1, fixture.lines("autopool FOREIGN-RETURN").size(), "only the app's own array is foreign");
        assertEquals(1, Tracking.site(release).foreignReturns());
        assertFalse(Tracker.isBorrowed(made));
    }

    @Test
    void releaseIfBorrowedIgnoresForeignArraysSilently() {
        int release = site("close", 31);
        Pools.releaseIfBorrowed(new float[1][1][1], release);
        assertEquals(0, Tracking.site(release).foreignReturns());
        assertEquals(List.of(), fixture.lines("autopool FOREIGN-RETURN"));
    }
}
