package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.name;
import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.Pools;
import dev.autopool.runtime.Sites;
import dev.autopool.runtime.internal.SiteRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DoubleReturnTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    @ParameterizedTest
    @EnumSource(LeakLevel.class)
    void aSecondReleaseIsRefusedAndReportedWithBothReleaseSitesAtEveryLevel(LeakLevel level) {
        fixture.settings("leak=" + level.settingValue(), "leak.rate=1000000", "quarantine=0");
        int borrow = site("frame", 10);
        int first = site("frame", 20);
        int second = site("cleanup", 30);
        float[][][] m = new float[2][3][4];

        Tracker.borrowed(m, borrow, 96);
        assertTrue(Tracker.releasing(m, first));
        assertFalse(Tracker.releasing(m, second), "the pool must not take the buffer a second time");

        assertEquals(List.of("autopool DOUBLE-RETURN float[2][3][4] (96 bytes) released twice: first at "
                + name(first) + ", again at " + name(second) + "; 1 time at this site since start. The second"
                + " release was refused: the buffer had not been lent again since the first, so it ended no other"
                + " borrower's loan. Keep one release per borrow, and check nothing uses the buffer after the"
                + " first (leak=paranoid catches writes after a release)."), fixture.lines("autopool DOUBLE-RETURN"));
        assertTrue(fixture.records().stream().noneMatch(r -> r.getMessage().contains("intact")),
                "no line may claim the pool is intact");
        assertEquals(1, Tracking.site(second).doubleReturns());
        assertEquals(0, Tracking.site(first).doubleReturns());
    }

    @Test
    void twoReleaseSitesOnOneLineAreNamedApartByTheirOrdinal() {
        fixture.settings("leak=full", "quarantine=0");
        int borrow = site("frame", 10);
        String cls = SiteRegistry.get(borrow).className(); // this test's class: the fixture keeps its lines
        // `release(m); release(m);` on line 20: two sites of one method and rule, numbered in bytecode order.
        int first = Sites.register(cls, "frame", "Render.java", 20, "test", 0, 1);
        int second = Sites.register(cls, "frame", "Render.java", 20, "test", 0, 2);
        float[] m = new float[8];

        Tracker.borrowed(m, borrow, 32);
        Tracker.releasing(m, first);
        Tracker.releasing(m, second);

        List<String> lines = fixture.lines("autopool DOUBLE-RETURN");
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains("released twice: first at " + cls + ".frame(Render.java:20) #1, again at "
                + cls + ".frame(Render.java:20) #2;"), lines.get(0));
    }

    @Test
    void aDoubleReturnThroughThePoolsNeverLendsOneBufferTwice() {
        int borrow = site("frame", 40);
        int release = site("frame", 41);
        float[][][] m = Pools.float3d(1, 2, 7, borrow);
        Pools.release(m, release);
        Pools.release(m, release);

        float[][][] a = Pools.float3d(1, 2, 7, borrow);
        float[][][] b = Pools.float3d(1, 2, 7, borrow);

        assertNotSame(a, b);
        assertEquals(1, Tracking.site(release).doubleReturns());
        Pools.release(a, release);
        Pools.release(b, release);
    }

    @Test
    void racingReleasesLetExactlyOneThrough() throws Exception {
        int borrow = site("race", 50);
        int release = site("race", 51);
        for (int round = 0; round < 200; round++) {
            float[] m = new float[8];
            Tracker.borrowed(m, borrow, 32);
            boolean[] accepted = new boolean[2];
            Thread t = new Thread(() -> accepted[0] = Tracker.releasing(m, release));
            t.start();
            accepted[1] = Tracker.releasing(m, release);
            TrackingFixture.join(t);
            assertTrue(accepted[0] ^ accepted[1], "exactly one of two racing releases is accepted");
        }
        assertEquals(200, Tracking.site(release).doubleReturns());
    }

    @Test
    void repeatedDoubleReturnsAtOneSiteAreCountedButLoggedOncePerInterval() {
        fixture.settings("report.interval=1h");
        int borrow = site("loop", 60);
        int release = site("loop", 61);
        for (int i = 0; i < 3; i++) {
            int[][] m = new int[2][2];
            Tracker.borrowed(m, borrow, 16);
            Tracker.releasing(m, release);
            Tracker.releasing(m, release);
        }
        assertEquals(1, fixture.lines("autopool DOUBLE-RETURN").size());
        assertEquals(3, Tracking.site(release).doubleReturns());
    }

    @Test
    void withoutRateLimitEveryLineCarriesTheCountSinceStart() {
        fixture.settings("report.interval=0");
        int borrow = site("loop", 70);
        int release = site("loop", 71);
        for (int i = 0; i < 2; i++) {
            long[] m = new long[3];
            Tracker.borrowed(m, borrow, 24);
            Tracker.releasing(m, release);
            Tracker.releasing(m, release);
        }
        List<String> lines = fixture.lines("autopool DOUBLE-RETURN");
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).contains("; 2 times at this site since start."), lines.get(1));
    }
}
