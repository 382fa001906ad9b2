package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.name;
import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
        assertEquals(name(borrow), server.getAttribute(borrowSite, "Site"));
        assertEquals(2L, server.getAttribute(borrowSite, "Borrows"));
        assertEquals(1L, server.getAttribute(borrowSite, "Hits"));
        assertEquals(16L, server.getAttribute(borrowSite, "BorrowedBytes"));
        assertEquals(1L, server.getAttribute(releaseSite, "DoubleReturns"));
        assertEquals(1L, server.getAttribute(releaseSite, "ForeignReturns"));
        assertEquals(0L, server.getAttribute(borrowSite, "Leaks"));
    }
}
