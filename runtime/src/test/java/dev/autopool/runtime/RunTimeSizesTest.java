package dev.autopool.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.pool.SizedSites;
import org.junit.jupiter.api.Test;

/** The run-time-sized entries: min-bytes compared in long, plain new below it, and sites that revert. */
class RunTimeSizesTest {
    private static int site(String name) {
        return Sites.register("test.Sized", name, "Sized.java", 1, "arrays");
    }

    @Test
    void belowMinBytesTheArrayIsPlainAndFromItOnItIsLent() {
        int site = site("threshold");
        float[] small = Pools.float1dAtLeast(255, 1024, site); // 1020 bytes
        Pools.releaseIfBorrowed(small, site);
        assertNotSame(small, Pools.float1d(255, site), "a plain array never enters the pool");

        float[] big = Pools.float1dAtLeast(256, 1024, site); // 1024 bytes
        Pools.releaseIfBorrowed(big, site);
        assertSame(big, Pools.float1dAtLeast(256, 1024, site));
    }

    @Test
    void matricesCountTheirTotalBytesInLongAndFailAsNewDoes() {
        int site = site("matrix");
        int[][] m = Pools.int2dAtLeast(70_000, 0, 1, site); // no leaves: 0 bytes, plain
        assertEquals(70_000, m.length);
        assertThrows(NegativeArraySizeException.class, () -> Pools.double3dAtLeast(2, -1, 3, 0, site));
        assertThrows(NegativeArraySizeException.class, () -> Pools.long1dAtLeast(-5, 0, site));
        // 2^31 - 1 longs are 16 GiB, more than an int counts: the long total says "big", and the JVM's own new
        // fails as it would have (past the VM's array size limit, without trying to allocate).
        assertThrows(OutOfMemoryError.class, () -> Pools.long1dAtLeast(Integer.MAX_VALUE, Integer.MAX_VALUE, site));
    }

    @Test
    void aSiteWhoseSizesRarelyRepeatRevertsToPlainNewAfterItsTrial() {
        int scattered = site("scattered");
        int repeated = site("repeated");
        for (int i = 0; i < SizedSites.TRIAL; i++) {
            Pools.releaseIfBorrowed(Pools.byte1dAtLeast(4096 + i, 4096, scattered), scattered);
            Pools.releaseIfBorrowed(Pools.byte1dAtLeast(4096 + i % 3, 4096, repeated), repeated);
        }
        assertTrue(SizedSites.plain(scattered));
        assertTrue(!SizedSites.plain(repeated));
        byte[] after = Pools.byte1dAtLeast(4096, 4096, scattered);
        Pools.releaseIfBorrowed(after, scattered);
        assertNotSame(after, Pools.byte1dAtLeast(4096, 4096, scattered), "a reverted site no longer borrows");
        assertTrue(SizedSites.summaryLines().stream().anyMatch(l -> l.startsWith("autopool SIZED-PLAIN test.Sized.scattered")
                && l.contains(" borrows=1000 ")), SizedSites.summaryLines()::toString);
        assertTrue(SizedSites.summaryLines().stream().noneMatch(l -> l.contains("repeated")));
    }
}
