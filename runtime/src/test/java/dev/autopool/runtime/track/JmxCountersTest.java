package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.name;
import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.report.MBeanPublisher;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
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
        ObjectName borrowSite = siteName(borrow);
        ObjectName releaseSite = siteName(release);
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
    void countingNeverWaitsForJmx() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName blockerName = new ObjectName("dev.autopool.test:type=JmxBlocker,id=" + System.nanoTime());
        CountDownLatch registering = new CountDownLatch(1);
        CountDownLatch unblock = new CountDownLatch(1);
        // Holds the publishing thread inside a registration until the test lets go: JMX is stuck from here on.
        MBeanPublisher.publish(blockerName.toString(), new StandardMBean(() -> 0, BlockerMXBean.class, true) {
            @Override
            public ObjectName preRegister(MBeanServer s, ObjectName name) throws Exception {
                registering.countDown();
                unblock.await(60, TimeUnit.SECONDS);
                return super.preRegister(s, name);
            }
        }, null);
        ExecutorService borrower = Executors.newSingleThreadExecutor();
        try {
            assertTrue(registering.await(30, TimeUnit.SECONDS), "the publisher reached the blocking registration");
            int borrow = site("jmx", 503);
            ObjectName siteName = siteName(borrow);

            // A site seen for the first time makes counters that go to JMX: counting must not wait for that.
            borrower.submit(() -> Tracker.borrowed(new short[2], borrow, 4)).get(10, TimeUnit.SECONDS);

            assertEquals(1, Tracking.site(borrow).borrows());
            assertFalse(server.isRegistered(siteName), "JMX is still blocked, yet the borrow was counted");
            unblock.countDown();
            awaitRegistered(server, siteName);
            assertEquals(1L, server.getAttribute(siteName, "Borrows"));
        } finally {
            unblock.countDown();
            borrower.shutdownNow();
            if (server.isRegistered(blockerName)) {
                server.unregisterMBean(blockerName);
            }
        }
    }

    @Test
    void sitesAreNamedByTheirTextAndRuleAndTheSameTextFromTwoLoadersIsOneBean() throws Exception {
        // The same class defined by two loaders registers the same site twice: one name, counters summed.
        String cls = "com.acme.Twice" + System.nanoTime();
        int first = dev.autopool.runtime.Sites.register(cls, "f", "Twice.java", 42, "rules \"x\".conf:3");
        int second = dev.autopool.runtime.Sites.register(cls, "f", "Twice.java", 42, "rules \"x\".conf:3");
        Tracker.releasing(borrowed(first, 8), first);
        short[] a = borrowed(second, 16);
        short[] b = borrowed(second, 16);

        ObjectName name = new ObjectName("dev.autopool:type=TrackedSite,site="
                + ObjectName.quote(cls + ".f(Twice.java:42)") + ",rule=" + ObjectName.quote("rules \"x\".conf:3"));
        assertEquals(name.toString(), SiteBeans.objectName(first));
        assertEquals(name.toString(), SiteBeans.objectName(second));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        awaitRegistered(server, name);
        SiteCountersMXBean proxy = javax.management.JMX.newMXBeanProxy(server, name, SiteCountersMXBean.class);
        assertEquals(cls + ".f(Twice.java:42)", proxy.getSite());
        assertEquals(3, proxy.getBorrows());
        assertEquals(40, proxy.getBorrowedBytes());
        assertEquals(1, server.queryNames(new ObjectName("dev.autopool:type=TrackedSite,site="
                + ObjectName.quote(cls + ".f(Twice.java:42)") + ",*"), null).size());
        Tracker.releasing(a, second);
        Tracker.releasing(b, second);
    }

    @Test
    void sitesSharingALineAreOneBeanEachByOrdinalAndEachStillSumsOverLoaders() throws Exception {
        // `a = f(); b = f();` on line 7: two sites of one method and rule, told apart by their bytecode order.
        String cls = "com.acme.SameLine" + System.nanoTime();
        int first = dev.autopool.runtime.Sites.register(cls, "f", "SameLine.java", 7, "app.conf:1", 0, 1);
        int second = dev.autopool.runtime.Sites.register(cls, "f", "SameLine.java", 7, "app.conf:1", 0, 2);
        // The same class defined by another loader registers the same two sites again.
        int firstAgain = dev.autopool.runtime.Sites.register(cls, "f", "SameLine.java", 7, "app.conf:1", 0, 1);
        int secondAgain = dev.autopool.runtime.Sites.register(cls, "f", "SameLine.java", 7, "app.conf:1", 0, 2);
        short[] a = borrowed(first, 8);
        short[] b = borrowed(firstAgain, 8);
        short[] c = borrowed(second, 16);
        short[] d = borrowed(secondAgain, 16);
        short[] e = borrowed(secondAgain, 16);

        String base = "dev.autopool:type=TrackedSite,site=" + ObjectName.quote(cls + ".f(SameLine.java:7)")
                + ",rule=" + ObjectName.quote("app.conf:1");
        ObjectName firstName = new ObjectName(base + ",ordinal=1");
        ObjectName secondName = new ObjectName(base + ",ordinal=2");
        assertEquals(firstName.toString(), SiteBeans.objectName(first));
        assertEquals(firstName.toString(), SiteBeans.objectName(firstAgain));
        assertEquals(secondName.toString(), SiteBeans.objectName(second));
        assertEquals(secondName.toString(), SiteBeans.objectName(secondAgain));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        awaitRegistered(server, firstName);
        awaitRegistered(server, secondName);
        SiteCountersMXBean one = javax.management.JMX.newMXBeanProxy(server, firstName, SiteCountersMXBean.class);
        SiteCountersMXBean two = javax.management.JMX.newMXBeanProxy(server, secondName, SiteCountersMXBean.class);
        assertEquals(2, one.getBorrows());
        assertEquals(16, one.getBorrowedBytes());
        assertEquals(3, two.getBorrows());
        assertEquals(48, two.getBorrowedBytes());
        assertEquals(cls + ".f(SameLine.java:7) #1", one.getSite(), "the bean's site text names its ordinal too");
        assertEquals(cls + ".f(SameLine.java:7) #2", two.getSite());
        assertEquals(2, server.queryNames(new ObjectName(base + ",*"), null).size(), "two beans for the line");
        for (short[] x : java.util.List.of(a, b)) Tracker.releasing(x, first);
        for (short[] x : java.util.List.of(c, d, e)) Tracker.releasing(x, second);
    }

    @Test
    void aSiteAloneOnItsLineHasNoOrdinal() throws Exception {
        String cls = "com.acme.Alone" + System.nanoTime();
        int alone = dev.autopool.runtime.Sites.register(cls, "f", "Alone.java", 3, "app.conf:1", 0, 0);

        assertEquals(new ObjectName("dev.autopool:type=TrackedSite,site=" + ObjectName.quote(cls + ".f(Alone.java:3)")
                + ",rule=" + ObjectName.quote("app.conf:1")).toString(), SiteBeans.objectName(alone));
        assertEquals(alone, dev.autopool.runtime.Sites.register(cls, "f", "Alone.java", 3, "app.conf:1"));
    }

    @Test
    void siteTextIsQuotedExactlyAsObjectNameQuotes() {
        for (String text : java.util.List.of("a.B.f(B.java:1)", "we*ird?\\name\"x\"\nline", "")) {
            assertEquals(ObjectName.quote(text), SiteBeans.quote(text));
        }
    }

    private static short[] borrowed(int site, int bytes) {
        short[] a = new short[bytes / 2];
        Tracker.borrowed(a, site, bytes);
        return a;
    }

    private static ObjectName siteName(int site) throws Exception {
        return new ObjectName(SiteBeans.objectName(site));
    }

    /** The smallest MXBean: the test's blocker needs one to be registered at all (JMX wants it public). */
    public interface BlockerMXBean {
        int getZero();
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
