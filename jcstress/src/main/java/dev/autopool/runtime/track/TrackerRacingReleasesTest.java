package dev.autopool.runtime.track;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZZ_Result;

/**
 * The contract the pools rely on, end to end through the shared ledger: of two threads that hand the same borrowed
 * array back at once ({@link Tracker#releasing}), exactly one is told to pool it; the other is a double return.
 * Afterwards the array is no longer borrowed.
 */
@JCStressTest
@Outcome(id = {"true, false, false", "false, true, false"}, expect = Expect.ACCEPTABLE,
        desc = "one release pools the array, the other is refused as a double return")
@Outcome(id = "true, true, false", expect = Expect.FORBIDDEN, desc = "both pool it: two borrowers would share it")
@Outcome(expect = Expect.FORBIDDEN, desc = "no release pools it, or it still reads as borrowed")
@State
public class TrackerRacingReleasesTest {
    private static final int BORROW_SITE = -1; // an id the registry never issued: counted in one shared slot
    private final long[] array = new long[2];

    public TrackerRacingReleasesTest() {
        Tracker.borrowed(array, BORROW_SITE, 16);
    }

    @Actor
    public void releaseOnOneThread(ZZZ_Result r) {
        r.r1 = Tracker.releasing(array, BORROW_SITE);
    }

    @Actor
    public void releaseOnAnother(ZZZ_Result r) {
        r.r2 = Tracker.releasing(array, BORROW_SITE);
    }

    @Arbiter
    public void after(ZZZ_Result r) {
        r.r3 = Tracker.isBorrowed(array);
    }
}
