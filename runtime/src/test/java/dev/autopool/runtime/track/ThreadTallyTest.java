package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Borrows are counted per thread without shared counters, and every count reaches the site's totals once. */
class ThreadTallyTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    @Test
    void borrowsOfALiveThreadAndOfADeadThreadAreEachCountedOnce() throws Exception {
        int site = site("tally", 601);
        CountDownLatch counted = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread alive = new Thread(() -> {
            borrowTwice(site, Tracker.tally());
            counted.countDown();
            await(finish);
        });
        Thread dead = new Thread(() -> borrowTwice(site, Tracker.tally()));
        alive.start();
        dead.start();
        TrackingFixture.join(dead);
        assertTrue(counted.await(60, TimeUnit.SECONDS), "the live thread counted its borrows");
        try {
            borrowTwice(site, Tracker.tally());
            for (int read = 0; read < 3; read++) { // reading folds the dead thread's tally in exactly once
                SiteTotals totals = Tracking.site(site);
                assertEquals(6, totals.borrows());
                assertEquals(3, totals.hits());
                assertEquals(6 * 40, totals.borrowedBytes());
            }
        } finally {
            finish.countDown();
            TrackingFixture.join(alive);
        }
        assertEquals(6, Tracking.site(site).borrows(), "after the live thread died too");
    }

    @Test
    void theTallyPathAndTheThreadLocalPathCountTheSameWay() {
        int viaTally = site("tally", 611);
        int viaThreadLocal = site("tally", 612);
        float[] a = new float[10];
        float[] b = new float[10];
        ThreadTally tally = Tracker.tally();
        for (int i = 0; i < 3; i++) {
            Tracker.borrowed(tally, a, viaTally, 40);
            Tracker.releasing(tally, a, viaTally);
            Tracker.borrowed(b, viaThreadLocal, 40);
            Tracker.releasing(b, viaThreadLocal);
        }
        assertEquals(Tracking.site(viaTally).borrows(), Tracking.site(viaThreadLocal).borrows());
        assertEquals(Tracking.site(viaTally).hits(), Tracking.site(viaThreadLocal).hits());
        assertEquals(3 * 40, Tracking.site(viaTally).borrowedBytes());
        assertEquals(0, Tracking.site(viaTally).doubleReturns());
    }

    @Test
    void aDoubleReturnIsCaughtWhenTheRecordComesFromTheThreadsLastOne() {
        int site = site("tally", 621);
        float[] a = new float[10];
        ThreadTally tally = Tracker.tally();
        Tracker.borrowed(tally, a, site, 40);
        assertEquals(true, Tracker.releasing(tally, a, site));
        assertEquals(false, Tracker.releasing(tally, a, site));
        assertEquals(1, Tracking.site(site).doubleReturns());
        assertEquals(false, Tracker.isBorrowed(a));
    }

    /** Two borrows of one new array: the first is its first loan, the second a hit. */
    private static void borrowTwice(int site, ThreadTally tally) {
        float[] a = new float[10];
        Tracker.borrowed(tally, a, site, 40);
        Tracker.releasing(tally, a, site);
        Tracker.borrowed(tally, a, site, 40);
        Tracker.releasing(tally, a, site);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
