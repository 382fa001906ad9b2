package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.name;
import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CheckpointTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    @Test
    void isBorrowedFollowsTheLoanExactlyAtEveryLevel() {
        for (LeakLevel level : LeakLevel.values()) {
            fixture.settings("leak=" + level.settingValue(), "leak.rate=1000000", "paranoid.quarantine=0");
            double[] m = new double[2];
            assertFalse(Tracker.isBorrowed(m), "never lent");
            Tracker.borrowed(m, site("is", 1), 16);
            assertTrue(Tracker.isBorrowed(m), "lent at " + level);
            Tracker.releasing(m, site("is", 2));
            assertFalse(Tracker.isBorrowed(m), "released at " + level);
            Tracker.reusing(m);
            Tracker.borrowed(m, site("is", 1), 16);
            assertTrue(Tracker.isBorrowed(m), "lent again at " + level);
        }
    }

    @Test
    void aCheckpointListsBuffersBorrowedAfterItAndStillOutstanding() {
        int borrow = site("prepare", 301);
        float[][] before = new float[2][2];
        Tracker.borrowed(before, borrow, 16);
        Tracking.Checkpoint checkpoint = Tracking.checkpoint();

        float[][] kept = new float[3][3];
        float[][] returned = new float[4][4];
        Tracker.borrowed(kept, borrow, 36);
        Tracker.borrowed(returned, borrow, 64);
        Tracker.releasing(returned, site("prepare", 302));

        assertEquals(List.of("autopool OUTSTANDING float[3][3] (36 bytes) borrowed at " + name(borrow)
                + " and never released"), checkpoint.failures());
        AssertionError error = assertThrows(AssertionError.class, checkpoint::assertClean);
        assertTrue(error.getMessage().startsWith("1 autopool problem(s):"), error.getMessage());
        Tracker.releasing(kept, site("prepare", 302));
        Tracker.releasing(before, site("prepare", 302));
        checkpoint.assertClean();
    }

    @Test
    void aBufferReleasedAndBorrowedAgainAfterTheCheckpointCountsAsNew() {
        int borrow = site("again", 311);
        int[] m = new int[1];
        Tracker.borrowed(m, borrow, 4);
        Tracking.Checkpoint checkpoint = Tracking.checkpoint();
        Tracker.releasing(m, site("again", 312));
        Tracker.borrowed(m, borrow, 4);
        assertEquals(1, checkpoint.outstanding().size());
        Tracker.releasing(m, site("again", 312));
    }

    @Test
    void aCheckpointListsDoubleReturnsAfterIt() {
        int borrow = site("twice", 321);
        int release = site("twice", 322);
        Tracking.Checkpoint checkpoint = Tracking.checkpoint();
        byte[] m = new byte[8];
        Tracker.borrowed(m, borrow, 8);
        Tracker.releasing(m, release);
        Tracker.releasing(m, release);

        assertEquals(1, checkpoint.problems().size());
        assertEquals(ProblemKind.DOUBLE_RETURN, checkpoint.problems().get(0).kind());
        assertTrue(checkpoint.failures().get(0).startsWith("autopool DOUBLE-RETURN byte[8] (8 bytes)"));
        assertEquals(List.of(), Tracking.checkpoint().failures(), "a fresh checkpoint starts clean");
    }
}
