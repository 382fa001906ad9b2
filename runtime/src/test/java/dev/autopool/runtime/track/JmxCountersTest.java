package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.name;
import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JmxCountersTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    @Test
    void eachSitePublishesItsCounters() throws Exception {
        int borrow = site("jmx", 501);
        int release = site("jmx", 502);
        short[] m = new short[4];
        Tracker.borrowed(m, borrow, 8);
        Tracker.releasing(m, release);
        Tracker.reusing(m);
        Tracker.borrowed(m, borrow, 8);
        Tracker.releasing(m, release);
        Tracker.releasing(m, release);
        Tracker.releasing(new short[1], release);

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName borrowSite = new ObjectName("dev.autopool:type=TrackedSite,id=" + borrow);
        ObjectName releaseSite = new ObjectName("dev.autopool:type=TrackedSite,id=" + release);
        awaitRegistered(server, borrowSite);
        awaitRegistered(server, releaseSite);
        assertEquals(name(borrow), server.getAttribute(borrowSite, "Site"));
        assertEquals(2L, server.getAttribute(borrowSite, "Borrows"));
        assertEquals(1L, server.getAttribute(borrowSite, "Hits"));
        assertEquals(16L, server.getAttribute(borrowSite, "BorrowedBytes"));
        assertEquals(1L, server.getAttribute(releaseSite, "DoubleReturns"));
        assertEquals(1L, server.getAttribute(releaseSite, "ForeignReturns"));
        assertEquals(0L, server.getAttribute(borrowSite, "Leaks"));
    }

    @Test
    void countingNeverWaitsForJmx() {
        int borrow = site("jmx", 503);
        Tracker.borrowed(new short[2], borrow, 4);
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("autopool-jmx")),
                "site counters are published from the autopool-jmx thread");
    }

    /** Sites are published off the borrowing thread, shortly after they are first seen. */
    private static void awaitRegistered(MBeanServer server, ObjectName name) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!server.isRegistered(name) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(server.isRegistered(name), name + " registered within 30 s");
    }
}
