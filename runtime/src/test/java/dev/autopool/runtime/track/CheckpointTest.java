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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CheckpointTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    @Test
    void isBorrowedFollowsTheLoanExactlyAtEveryLevel() {
        for (LeakLevel level : LeakLevel.values()) {
            fixture.settings("leak=" + level.settingValue(), "leak.rate=1000000", "quarantine=0");
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
    void aLoanGivenUpToTheGcOnPurposeIsNotOutstanding() {
        // An owned field's buffer, or a lifecycle field's buffer the class stored another array over: the agent
        // ends those loans, so a test of correct code must not fail on them.
        fixture.settings("leak=full");
        Tracking.Checkpoint checkpoint = Tracking.checkpoint();
        float[] kept = dev.autopool.runtime.Pools.float1d(61, site("owned", 1));
        float[] forgotten = dev.autopool.runtime.Pools.float1d(61, site("plain", 2));
        Tracker.leftToGc(kept, Tracker.generation(kept));

        List<String> failures = checkpoint.failures();
        assertEquals(1, failures.size(), failures::toString);
        assertTrue(failures.get(0).startsWith("autopool OUTSTANDING float[61]"), failures.get(0));
        assertTrue(failures.get(0).contains(name(site("plain", 2))), failures.get(0));
        assertEquals(1, Tracking.outstanding().stream().filter(o -> o.toString().contains("float[61]")).count());
        dev.autopool.runtime.Pools.release(forgotten, site("plain", 3));
    }

    @ParameterizedTest
    @EnumSource(LeakLevel.class)
    void aTensorLeakedSinceTheCheckpointFailsItAtEveryLevelAnOlderOneDoesNot(LeakLevel level) {
        fixture.settings("leak=" + level.settingValue());
        int create = site("infer", 341);
        long before = Tracking.checkpointEpoch();
        Tracking.Checkpoint checkpoint = Tracking.checkpoint();

        Tracking.tensorLeak(create, "float[16][16]", 1024, null, before); // created before the checkpoint
        Tracking.tensorLeak(create, "float[16][16]", 1024, null, Tracking.checkpointEpoch());

        List<String> failures = checkpoint.failures();
        assertEquals(1, failures.size(), failures::toString);
        assertTrue(failures.get(0).startsWith("autopool LEAK an OnnxTensor of float[16][16] (1024 bytes) created at "
                + name(create) + " was garbage-collected without close()"), failures.get(0));
    }

    @Test
    void aLifecycleReleaseTakesOnlyWhatIsStillLentAndNeverReports() {
        int borrow = site("close", 331);
        int close = site("close", 332);
        Tracking.Checkpoint checkpoint = Tracking.checkpoint();
        float[] m = new float[2];
        Tracker.borrowed(m, borrow, 8);

        assertTrue(Tracker.releasingIfBorrowed(m, close));
        assertFalse(Tracker.releasingIfBorrowed(m, close), "already released");
        assertFalse(Tracker.releasingIfBorrowed(new float[2], close), "never lent");
        assertEquals(List.of(), checkpoint.failures());
        assertEquals(0, Tracking.site(close).doubleReturns() + Tracking.site(close).foreignReturns());
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

    @ParameterizedTest
    @EnumSource(LeakLevel.class)
    void aBufferDroppedAfterTheCheckpointFailsItAtEveryLevelEvenOnceCollected(LeakLevel level) throws Exception {
        fixture.settings("leak=" + level.settingValue(), "leak.rate=1000000");
        int borrow = site("drop", 341);
        Tracking.Checkpoint checkpoint = Tracking.checkpoint();
        drop(borrow);
        assertEquals(1, checkpoint.failures().size(), "outstanding while the GC has not collected it");

        TrackingFixture.awaitCollected(borrow);

        assertEquals(List.of(ProblemKind.LEAK), checkpoint.problems().stream().map(Tracking.Problem::kind).toList());
        assertTrue(checkpoint.failures().get(0).startsWith("autopool LEAK long[6] (48 bytes) borrowed at "
                + name(borrow)), checkpoint.failures().get(0));
    }

    @Test
    void aLeakOfALoanMadeBeforeTheCheckpointIsNotItsProblem() throws Exception {
        fixture.settings("leak=full");
        int borrow = site("drop", 351);
        drop(borrow);
        Tracking.Checkpoint checkpoint = Tracking.checkpoint();
        TrackingFixture.awaitLeaks(borrow, 1);
        assertEquals(List.of(), checkpoint.failures());
    }

    private static void drop(int site) {
        Tracker.borrowed(new long[6], site, 48);
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
