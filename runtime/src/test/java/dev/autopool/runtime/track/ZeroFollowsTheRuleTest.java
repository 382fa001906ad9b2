package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.autopool.runtime.Pools;
import dev.autopool.runtime.Sites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The zero flag is the borrowing site's, but a buffer never carries one rule's data to another rule's borrower. */
class ZeroFollowsTheRuleTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    @Test
    void aZeroFalseSiteOfAnotherRuleGetsZerosNotTheSecret() {
        int secretBorrow = site("keys", 10, "app.conf:3", 0);
        int scratchBorrow = site("scratch", 20, "app.conf:4", Sites.NO_ZERO);
        int free = site("free", 30);
        float[][] secret = Pools.float2d(2, 29, secretBorrow);
        secret[1][28] = 42f;
        Pools.release(secret, free);

        float[][] scratch = Pools.float2d(2, 29, scratchBorrow);

        assertSame(secret, scratch, "still a hit");
        assertEquals(0f, scratch[1][28]);
        Pools.release(scratch, free);
    }

    @Test
    void aZeroFalseSiteGetsItsOwnRulesDataBack() {
        int first = site("scratch", 40, "app.conf:4", Sites.NO_ZERO);
        int second = site("scratch", 41, "app.conf:4", Sites.NO_ZERO);
        int free = site("free", 42);
        int[] a = Pools.int1d(31, first);
        a[30] = 7;
        Pools.release(a, free);

        int[] b = Pools.int1d(31, second);

        assertSame(a, b);
        assertEquals(7, b[30], "one rule's zero=false borrowers may pass data among themselves");
        Pools.release(b, free);
    }

    @Test
    void aZeroFalseSiteAfterAnotherRulesZeroFalseSiteGetsZeros() {
        int ruleA = site("a", 50, "app.conf:5", Sites.NO_ZERO);
        int ruleB = site("b", 51, "app.conf:6", Sites.NO_ZERO);
        int free = site("free", 52);
        byte[] a = Pools.byte1d(33, ruleA);
        a[32] = 5;
        Pools.release(a, free);

        byte[] b = Pools.byte1d(33, ruleB);

        assertSame(a, b);
        assertEquals(0, b[32]);
        Pools.release(b, free);
    }
}
