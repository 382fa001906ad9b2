package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.awaitCollected;
import static dev.autopool.runtime.track.TrackingFixture.awaitLeaks;
import static dev.autopool.runtime.track.TrackingFixture.name;
import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.Pools;
import java.util.List;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LeakDetectionTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    @Test
    void aBufferCollectedWhileBorrowedIsReportedWithItsShapeBytesAndSite() throws Exception {
        fixture.settings("leak=full");
        int borrow = site("frame", 42);

        leak(borrow);
        awaitLeaks(borrow, 1);

        assertEquals(List.of("autopool LEAK float[2][3][4] (96 bytes) borrowed at " + name(borrow) + " was"
                + " garbage-collected without a release; 1 time at this site since start. Add a release"
                + " (Pools.release or a release rule) after the buffer's last use (and that of every row of it: a row"
                + " kept elsewhere means no release at all; audit says where the agent saw it escape) on every path"
                + " from " + name(borrow)
                + ", or set leak=paranoid to log the stack of each leaked borrow."), fixture.lines("autopool LEAK"));
        assertEquals(96, Tracking.site(borrow).leakedBytes());
    }

    @Test
    void everyLeakIsCountedAtFull() throws Exception {
        fixture.settings("leak=full", "report.interval=0");
        int borrow = site("frame", 43);
        for (int i = 0; i < 5; i++) {
            leak(borrow);
        }
        awaitLeaks(borrow, 5);
        assertEquals(5, Tracking.site(borrow).leaks());
        assertTrue(fixture.lines("autopool LEAK").contains(
                fixture.lines("autopool LEAK").get(0).replace("1 time at", "5 times at")));
    }

    @Test
    void atParanoidTheLeakLineCarriesTheBorrowStack() throws Exception {
        fixture.settings("leak=paranoid");
        int borrow = site("decode", 7);

        leak(borrow);
        awaitLeaks(borrow, 1);

        LogRecord record = fixture.records().stream()
                .filter(r -> r.getMessage().startsWith("autopool LEAK ")).findFirst().orElseThrow();
        assertTrue(record.getMessage().endsWith("; the borrow stack follows."), record.getMessage());
        assertNotNull(record.getThrown());
        assertEquals("borrowed at " + name(borrow), record.getThrown().getMessage());
        assertTrue(List.of(record.getThrown().getStackTrace()).stream()
                .anyMatch(frame -> frame.getMethodName().equals("leak")), "the stack shows the leaking method");
    }

    @Test
    void aBufferLentAgainBelowParanoidLeaksWithoutTheOldStack() throws Exception {
        fixture.settings("leak=paranoid", "quarantine=0");
        int borrow = site("decode", 8);
        lendOnceAtParanoidThenLeakAtFull(borrow);
        awaitLeaks(borrow, 1);

        LogRecord record = fixture.records().stream()
                .filter(r -> r.getMessage().startsWith("autopool LEAK ")).findFirst().orElseThrow();
        assertEquals(null, record.getThrown());
        assertTrue(record.getMessage().endsWith("or set leak=paranoid to log the stack of each leaked borrow."));
    }

    private void lendOnceAtParanoidThenLeakAtFull(int site) {
        float[] m = new float[4];
        Tracker.borrowed(m, site, 16);
        Tracker.releasing(m, site);
        fixture.settings("leak=full");
        Tracker.reusing(m);
        Tracker.borrowed(m, site, 16);
    }

    @Test
    void sampledLeaksSayHowManyBorrowsAreWatched() throws Exception {
        fixture.settings("leak=sampled", "leak.rate=2");
        int borrow = site("frame", 44);
        for (int i = 0; i < 64; i++) {
            leak(borrow);
        }
        awaitLeaks(borrow, 1);
        assertTrue(fixture.lines("autopool LEAK").get(0)
                .contains("since start (leak=sampled watches 1 borrow in 2)."), fixture.lines("autopool LEAK").get(0));
        awaitCollected(borrow);
        long leaks = Tracking.site(borrow).leaks();
        assertTrue(leaks > 0 && leaks < 64, "about half the leaks are sampled, got " + leaks);
    }

    @Test
    void offReportsNoLeak() throws Exception {
        fixture.settings("leak=off");
        int borrow = site("frame", 45);
        leak(borrow);
        awaitCollected(borrow);
        assertEquals(0, Tracking.site(borrow).leaks());
        assertEquals(List.of(), fixture.lines("autopool LEAK"));
    }

    @ParameterizedTest
    @EnumSource(LeakLevel.class)
    void releasedBuffersNeverReadAsLeaks(LeakLevel level) throws Exception {
        // No quarantine: at paranoid it would hold released buffers back from the GC this test waits for.
        fixture.settings("leak=" + level.settingValue(), "leak.rate=1", "quarantine=0");
        int borrow = site("frame", 46);
        int release = site("frame", 47);
        for (int i = 0; i < 50; i++) {
            borrowAndRelease(borrow, release);
        }
        awaitCollected(borrow); // every record processed, none a leak
        assertEquals(0, Tracking.site(borrow).leaks());
    }

    @Test
    void aBufferDroppedFromThePoolAfterItsReleaseIsNoLeak() throws Exception {
        // No quarantine: at full it would hold the released buffer back from the GC this test waits for.
        fixture.settings("leak=full", "quarantine=0");
        int borrow = site("frame", 48);
        int release = site("frame", 49);
        borrowAndRelease(borrow, release); // the test plays the pool and keeps nothing
        awaitCollected(borrow); // every record processed, none a leak
        assertEquals(0, Tracking.site(borrow).leaks());
    }

    @Test
    void aLeakThroughThePoolsIsReportedAtTheFactorySite() throws Exception {
        fixture.settings("leak=full");
        int borrow = site("render", 88);
        leakThroughPools(borrow);
        awaitLeaks(borrow, 1);
        assertTrue(fixture.lines("autopool LEAK").get(0).startsWith(
                "autopool LEAK float[1][4][11] (176 bytes) borrowed at " + name(borrow) + " was garbage-collected"));
    }

    private static void leak(int site) {
        Tracker.borrowed(new float[2][3][4], site, 96);
    }

    private static void leakThroughPools(int site) {
        Pools.float3d(1, 4, 11, site);
    }

    private static void borrowAndRelease(int borrow, int release) {
        float[] m = new float[16];
        Tracker.borrowed(m, borrow, 64);
        Tracker.releasing(m, release);
    }
}
