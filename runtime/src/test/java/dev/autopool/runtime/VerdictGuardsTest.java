package dev.autopool.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Guards of the agent's verdicts: valid when made, cleared for good, each on its own, whatever the table's size. */
class VerdictGuardsTest {

    @Test
    void aGuardHoldsUntilClearedAndThenNeverAgain() {
        int g = VerdictGuards.create();
        assertTrue(VerdictGuards.holds(g));
        VerdictGuards.clear(g);
        assertFalse(VerdictGuards.holds(g));
        VerdictGuards.clear(g);
        assertFalse(VerdictGuards.holds(g));
    }

    @Test
    void guardZeroAlwaysHoldsAndUnknownGuardsNever() {
        VerdictGuards.clear(VerdictGuards.ALWAYS);
        assertTrue(VerdictGuards.holds(VerdictGuards.ALWAYS));
        assertFalse(VerdictGuards.holds(-1));
        assertFalse(VerdictGuards.holds(Integer.MAX_VALUE));
    }

    @Test
    void aClearingMadeBeforeTheTableGrewIsStillSeenAfter() {
        int early = VerdictGuards.create();
        int kept = VerdictGuards.create();
        VerdictGuards.clear(early);
        List<Integer> more = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            more.add(VerdictGuards.create()); // grows past several chunks
        }
        assertFalse(VerdictGuards.holds(early));
        assertTrue(VerdictGuards.holds(kept));
        assertTrue(more.stream().allMatch(VerdictGuards::holds));
    }
}
