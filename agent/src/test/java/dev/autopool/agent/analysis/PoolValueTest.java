package dev.autopool.agent.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The escape analysis' values form a lattice: merging is order-free, and a conflict stays one. */
class PoolValueTest {
    private static final PoolValue BORROW = PoolValue.of(new Origin(Source.borrow(3, 1), 0));
    private static final PoolValue OTHER = PoolValue.of(Set.of(new Origin(Source.borrow(7, 2), 0)), true);

    @Test
    void aSlotThatHeldALongAndABorrowStaysAConflictWhateverTheOrder() {
        List<PoolValue> values = List.of(PoolValue.ONE, PoolValue.TWO, BORROW, OTHER, PoolValue.CONFLICT);
        for (PoolValue a : values) {
            for (PoolValue b : values) {
                for (PoolValue c : values) {
                    assertEquals(a.merge(b).merge(c), a.merge(c).merge(b), a + " " + b + " " + c);
                    assertEquals(a.merge(b), b.merge(a), a + " " + b);
                }
            }
        }
        PoolValue mixed = PoolValue.TWO.merge(BORROW);
        assertEquals(PoolValue.CONFLICT, mixed);
        // Before, a borrow merged into the mixed slot on a later pass came back as a tracked value.
        assertEquals(PoolValue.CONFLICT, mixed.merge(BORROW));
        assertFalse(mixed.merge(BORROW).isTracked());
    }

    @Test
    void mergingBorrowsKeepsEveryOrigin() {
        PoolValue both = BORROW.merge(OTHER);
        assertEquals(2, both.origins().size());
        assertEquals(both, OTHER.merge(BORROW));
        assertEquals(both, both.merge(BORROW));
    }
}
