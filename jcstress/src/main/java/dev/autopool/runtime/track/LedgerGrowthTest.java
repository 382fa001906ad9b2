package dev.autopool.runtime.track;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * A lookup takes no lock ({@link Ledger#find}) while another thread's first loan grows the same segment's table
 * (the add that rebuilds it). A thread that holds an array recorded earlier must always find its record, whether it
 * reads the old table or the new one; the array being added may or may not be seen yet.
 */
@JCStressTest
@Outcome(id = {"true, true", "true, false"}, expect = Expect.ACCEPTABLE,
        desc = "the held array's record is found; the one being added is seen or not yet")
@Outcome(expect = Expect.FORBIDDEN, desc = "the record of an array recorded earlier was missed during the rebuild")
@State
public class LedgerGrowthTest {
    /** Filling a segment's first table (16 slots, rebuilt past half full) takes 8 records; the 9th rebuilds it. */
    private static final int BEFORE_REBUILD = 8;
    /** Arrays whose identity hashes fall into one ledger segment (the low 6 bits), made once for every state. */
    private static final Object[] SAME_SEGMENT = sameSegment(BEFORE_REBUILD + 1);

    private final Ledger ledger = new Ledger();
    private final Object held = SAME_SEGMENT[0];
    private final Object added = SAME_SEGMENT[BEFORE_REBUILD];

    public LedgerGrowthTest() {
        for (int i = 0; i < BEFORE_REBUILD; i++) {
            ledger.add(SAME_SEGMENT[i], 4);
        }
    }

    @Actor
    public void firstLoanOfAnotherArray() {
        ledger.add(added, 4);
    }

    @Actor
    public void lookUpTheHeldArray(ZZ_Result r) {
        r.r1 = ledger.find(held) != null;
        r.r2 = ledger.find(added) != null;
    }

    private static Object[] sameSegment(int count) {
        List<Object> found = new ArrayList<>();
        Object first = new byte[1];
        found.add(first);
        int segment = System.identityHashCode(first) & 63;
        while (found.size() < count) {
            Object candidate = new byte[1];
            if ((System.identityHashCode(candidate) & 63) == segment) {
                found.add(candidate);
            }
        }
        return found.toArray();
    }
}
