package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Borrows are counted in tallies their owners write without shared counters; every count reaches the site's
 * totals exactly once, before and after the tally retires.
 */
class SiteTallyTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    @Test
    void countsOfALiveTallyAndOfARetiredTallyAreEachCountedOnce() {
        int site = site("tally", 601);
        SiteTally live = new SiteTally();
        SiteTally retiring = new SiteTally();
        live.borrowed(site, 40, false);
        live.borrowed(site, 40, true);
        retiring.borrowed(site, 40, true);
        for (int read = 0; read < 3; read++) {
            assertEquals(3, Tracking.site(site).borrows());
        }
        retiring.retire();
        for (int read = 0; read < 3; read++) {
            SiteTotals totals = Tracking.site(site);
            assertEquals(3, totals.borrows());
            assertEquals(2, totals.hits());
            assertEquals(3 * 40, totals.borrowedBytes());
        }
        live.retire();
        assertEquals(3, Tracking.site(site).borrows(), "after both retired");
        assertEquals(2, Tracking.site(site).hits());
    }

    @Test
    void aTallyKeepsManySitesApart() {
        SiteTally tally = new SiteTally();
        int[] sites = new int[40];
        for (int i = 0; i < sites.length; i++) {
            sites[i] = site("many", 700 + i);
            for (int n = 0; n <= i; n++) {
                tally.borrowed(sites[i], 8, n % 2 == 0);
            }
        }
        for (int i = 0; i < sites.length; i++) {
            SiteTotals totals = Tracking.site(sites[i]);
            assertEquals(i + 1, totals.borrows(), "site " + i);
            assertEquals(i / 2 + 1, totals.hits(), "site " + i);
            assertEquals(8L * (i + 1), totals.borrowedBytes(), "site " + i);
        }
    }

    @Test
    void aCountAfterRetiringGoesToTheSharedCountersInsteadOfBeingLost() {
        int site = site("late", 801);
        SiteTally tally = new SiteTally();
        tally.retire();
        tally.borrowed(site, 40, true);
        assertEquals(1, Tracking.site(site).borrows());
        tally.retire();
        assertEquals(1, Tracking.site(site).borrows());
    }

    @Test
    void theTallyPathAndTheSharedPathCountTheSameWay() {
        int viaTally = site("tally", 611);
        int viaShared = site("tally", 612);
        float[] a = new float[10];
        float[] b = new float[10];
        SiteTally tally = new SiteTally();
        for (int i = 0; i < 3; i++) {
            tally.borrowed(viaTally, 40, i > 0);
            Tracker.lent(tally, a, viaTally, 40);
            Tracker.releasing(tally, a, viaTally);
            Tracker.borrowed(b, viaShared, 40);
            Tracker.releasing(null, b, viaShared);
        }
        assertEquals(Tracking.site(viaTally).borrows(), Tracking.site(viaShared).borrows());
        assertEquals(Tracking.site(viaTally).hits(), Tracking.site(viaShared).hits());
        assertEquals(3 * 40, Tracking.site(viaTally).borrowedBytes());
        assertEquals(0, Tracking.site(viaTally).doubleReturns());
    }

    @Test
    void aDoubleReturnIsCaughtWhenTheRecordComesFromTheTallysLastOne() {
        int site = site("tally", 621);
        float[] a = new float[10];
        SiteTally tally = new SiteTally();
        Tracker.lent(tally, a, site, 40);
        assertTrue(Tracker.releasing(tally, a, site));
        assertFalse(Tracker.releasing(tally, a, site));
        assertEquals(1, Tracking.site(site).doubleReturns());
        assertFalse(Tracker.isBorrowed(a));
    }
}
