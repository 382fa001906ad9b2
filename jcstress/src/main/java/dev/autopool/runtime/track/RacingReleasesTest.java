package dev.autopool.runtime.track;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two threads release the same lent array at once, at sites 1 and 2 ({@link ArrayEntry#release}). Each actor
 * reports 0 when its compare-and-set won, else the release site the failed attempt saw: exactly one wins, and the
 * loser's double-return report names the winner's site.
 */
@JCStressTest
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "site 1 released it; site 2 is a double return after site 1")
@Outcome(id = "2, 0", expect = Expect.ACCEPTABLE, desc = "site 2 released it; site 1 is a double return after site 2")
@Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "both releases won: the pool would take the array twice")
@Outcome(expect = Expect.FORBIDDEN, desc = "no release won, or the loser names the wrong first release")
@State
public class RacingReleasesTest {
    private static final int BORROW_SITE = 7;
    private final ArrayEntry entry = new ArrayEntry(new float[4], 0, 16, null);

    public RacingReleasesTest() {
        entry.lend(BORROW_SITE);
    }

    @Actor
    public void releaseAtSite1(II_Result r) {
        r.r1 = outcome(entry.release(1));
    }

    @Actor
    public void releaseAtSite2(II_Result r) {
        r.r2 = outcome(entry.release(2));
    }

    private static int outcome(long refused) {
        return refused == 0 ? 0 : ArrayEntry.releaseSite(refused);
    }
}
