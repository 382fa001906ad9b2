package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.Pools;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The quarantine holds a released buffer for N later releases of its own shape, within bounded memory. */
class QuarantineTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    @Test
    void releasesOfOtherShapesDoNotPushABufferOutOfItsWindow() {
        fixture.settings("leak=full", "quarantine=2");
        int borrow = site("frame", 50);
        int free = site("frame", 51);
        float[] a = Pools.float1d(53, borrow);
        Pools.release(a, free);
        for (int i = 0; i < 10; i++) { // a busy other shape: ten releases
            Pools.release(Pools.int1d(57, borrow), free);
        }

        Pools.release(a, free); // a stale release: a still waits, so it is caught
        assertEquals(1, fixture.lines("autopool DOUBLE-RETURN").size());
        float[] b = Pools.float1d(53, borrow);
        assertNotSame(a, b, "a still waits in its shape's line");

        Pools.release(b, free);
        Pools.release(Pools.float1d(53, borrow), free); // two later releases of a's shape: a leaves
        List<float[]> lent = new ArrayList<>();
        boolean seen = false;
        for (int i = 0; i < 4 && !seen; i++) {
            float[] c = Pools.float1d(53, borrow);
            lent.add(c);
            seen = c == a;
        }
        assertTrue(seen, "after two releases of its own shape, a is lent again");
        lent.forEach(c -> Pools.release(c, free));
    }

    @Test
    void whatTheGcTakesUnderMemoryPressureIsNeverLentAgainAndAStaleReleaseOfItIsStillCaught() {
        fixture.settings("leak=full", "quarantine=4");
        int borrow = site("frame", 60);
        int free = site("frame", 61);
        float[] a = Pools.float1d(59, borrow);
        Pools.release(a, free);
        assertEquals(1, Tracker.QUARANTINE.held());

        Tracker.QUARANTINE.clearAsTheGcWould(); // what the JVM does to soft references before an OOM
        assertEquals(0, Tracker.QUARANTINE.held());
        assertTrue(Tracker.QUARANTINE.givenUp() > 0);

        Pools.release(a, free); // a stale release of a buffer the GC would have taken (the app still holds it)
        assertEquals(1, fixture.lines("autopool DOUBLE-RETURN").size(), () -> fixture.lines("autopool").toString());
        List<float[]> lent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            float[] c = Pools.float1d(59, borrow);
            assertNotSame(a, c, "a left every pool structure: it is never lent again");
            lent.add(c);
        }
        lent.forEach(c -> Pools.release(c, free));
        assertTrue(Tracker.QUARANTINE.held() > 0, "the quarantine works again after it was cleared");
        assertTrue(fixture.lines("autopool LEAK").isEmpty());
    }

    @Test
    void aLineHoldsAtMostItsWindowAndTheOldestLeavesFirst() {
        Quarantine q = new Quarantine(1L << 30);
        int[] dims = {4};
        Object[] a = {new int[4], new int[4], new int[4]};
        assertNull(q.admit(a[0], dims, 16, 2));
        assertNull(q.admit(a[1], dims, 16, 2));
        assertSame(a[0], q.admit(a[2], dims, 16, 2));
        assertNull(q.admit(new long[4], dims, 32, 2), "another shape has a line of its own");
        assertEquals(3, q.held());
    }

    @Test
    void memoryIsBoundedInShapesAndBytes() {
        Quarantine q = new Quarantine(1000);
        for (int n = 1; n <= Quarantine.MAX_SHAPES + 10; n++) {
            assertNull(q.admit(new byte[n], new int[] {n}, 1, 16));
            while (q.overflow() != null) {
                // leaves
            }
        }
        assertTrue(q.held() <= Quarantine.MAX_SHAPES, "at most one line per shape kept: " + q.held());

        Quarantine small = new Quarantine(100);
        Object first = new byte[40];
        small.admit(first, new int[] {40}, 40, 16);
        small.admit(new byte[40], new int[] {40}, 40, 16);
        assertNull(small.overflow());
        small.admit(new short[20], new int[] {20}, 40, 16);
        assertSame(first, small.overflow(), "over the byte bound the least recently used line's oldest leaves");
        assertNull(small.overflow());
        assertEquals(2, small.held());
    }
}
