package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.name;
import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.Pools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A release of a buffer that was returned and lent again (ABA): exact where the release names its loan's
 * generation, caught by the quarantine at full and paranoid inside its window, invisible otherwise.
 */
class StaleReleaseTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    @Test
    void aReleaseNamingItsLoanIsRefusedOnceTheBufferIsLentAgain() {
        int borrow = site("frame", 10);
        int free = site("frame", 11);
        float[][] a = Pools.float2d(2, 37, borrow);
        int loan = Pools.generation(a);
        Pools.releaseLoan(a, loan, free);
        float[][] b = Pools.float2d(2, 37, borrow);
        assertSame(a, b, "lent again (leak=sampled has no quarantine)");

        Pools.releaseLoan(a, loan, free);
        float[][] c = Pools.float2d(2, 37, borrow);

        assertNotSame(b, c, "the stale release must not end b's loan");
        assertTrue(Tracker.isBorrowed(b));
        assertEquals(1, fixture.lines("autopool STALE-RELEASE").size());
        assertTrue(fixture.lines("autopool STALE-RELEASE").get(0).contains("released at " + name(free)
                + " after it had already been returned and lent again (now borrowed at " + name(borrow) + ")"));
        Pools.releaseLoan(b, Pools.generation(b), free);
        Pools.release(c, free);
    }

    @Test
    void aReleaseNamingItsLoanOfAFreeBufferIsADoubleReturn() {
        int borrow = site("frame", 20);
        int free = site("frame", 21);
        int[] a = Pools.int1d(39, borrow);
        int loan = Pools.generation(a);
        Pools.releaseLoan(a, loan, free);
        Pools.releaseLoan(a, loan, free);

        assertEquals(1, fixture.lines("autopool DOUBLE-RETURN").size());
        assertNotSame(Pools.int1d(39, borrow), Pools.int1d(39, borrow));
    }

    @Test
    void atFullAReleasedBufferWaitsInQuarantineSoAStaleReleaseIsADoubleReturn() {
        fixture.settings("leak=full", "quarantine=4");
        int borrow = site("frame", 30);
        int free = site("frame", 31);
        long[][] a = Pools.long2d(2, 41, borrow);
        Pools.release(a, free);
        long[][] b = Pools.long2d(2, 41, borrow);
        Pools.release(a, free);
        long[][] c = Pools.long2d(2, 41, borrow);

        assertNotSame(a, b, "a waits in the quarantine");
        assertNotSame(b, c);
        assertTrue(Tracker.isBorrowed(b));
        assertEquals(1, fixture.lines("autopool DOUBLE-RETURN").size());
        Pools.release(b, free);
        Pools.release(c, free);
    }

    @Test
    void aBufferInQuarantineCountsAsReleasedInThePoolsFigures() {
        fixture.settings("leak=full", "quarantine=4");
        int borrow = site("frame", 35);
        int free = site("frame", 36);
        int[][] a = Pools.int2d(2, 45, borrow);
        Pools.release(a, free);

        assertEquals(0, outstandingBytes("int[2][45]"), "held back, but no longer lent");
        fixture.settings("leak=sampled"); // the quarantine empties into the pool
        assertEquals(0, outstandingBytes("int[2][45]"));
        assertSame(a, Pools.int2d(2, 45, borrow));
        assertEquals(360, outstandingBytes("int[2][45]"));
        Pools.release(a, free);
    }

    private static long outstandingBytes(String shape) {
        return Pools.shapeStats().stream().filter(s -> s.shape().toString().equals(shape)).findFirst()
                .orElseThrow().stats().outstandingBytes();
    }

    @Test
    void generationsCountLoansOfOneArray() {
        int borrow = site("frame", 40);
        int free = site("frame", 41);
        short[] a = Pools.short1d(43, borrow);
        int first = Pools.generation(a);
        Pools.release(a, free);
        short[] b = Pools.short1d(43, borrow);

        assertSame(a, b);
        assertEquals(first + 1, Pools.generation(b));
        assertEquals(-1, Pools.generation(new short[43]));
        Pools.release(b, free);
    }
}
