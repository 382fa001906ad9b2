package dev.autopool.runtime.track;

import java.lang.management.ManagementFactory;
import java.util.concurrent.LinkedBlockingQueue;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Publishes each site's counters as an MXBean from one daemon thread, {@code autopool-jmx}, so the application
 * thread that borrows first never pays for JMX: the first registration creates the platform MBean server, which
 * loads several hundred JDK classes (every platform MXBean, the JFR management beans) and took the largest share
 * of the agent's start-up. The first publication waits up to 2 s for a server someone else made (so a short run
 * never pays for one); a counter then shows on JMX shortly after its site is first seen. Counting never waits.
 */
final class SitePublisher implements Runnable {
    private static final LinkedBlockingQueue<SiteCounters> PENDING = new LinkedBlockingQueue<>();
    /** How long the first publication waits for an MBean server made by someone else before making one. */
    private static final long DELAY_NANOS = 2_000_000_000L;
    private static final long POLL_MILLIS = 50;
    private static Thread thread;

    private SitePublisher() {}

    /** Queues {@code counters} for publication; starts the publishing thread on the first call. */
    static void publish(SiteCounters counters) {
        PENDING.add(counters);
        synchronized (SitePublisher.class) {
            if (thread == null) {
                thread = new Thread(new SitePublisher(), "autopool-jmx");
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    @Override
    public void run() {
        try {
            SiteCounters first = PENDING.take();
            awaitServerOrDelay();
            register(first);
            while (true) {
                register(PENDING.take());
            }
        } catch (InterruptedException e) {
            // the JVM is going away
        }
    }

    /**
     * Waits until someone else (the app, a JMX agent) has created the platform MBean server, or {@link #DELAY_NANOS}
     * passed: a short-lived JVM then never pays for creating it, and a long-lived one pays once, on this thread.
     */
    private static void awaitServerOrDelay() throws InterruptedException {
        long deadline = System.nanoTime() + DELAY_NANOS;
        while (System.nanoTime() - deadline < 0 && !serverExists()) {
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static boolean serverExists() {
        try {
            return !MBeanServerFactory.findMBeanServer(null).isEmpty();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** A JVM without JMX (or a name clash) costs nothing but the bean: tracking works without it. */
    private static void register(SiteCounters counters) {
        try {
            ObjectName name = new ObjectName("dev.autopool:type=TrackedSite,id="
                    + (counters.site < 0 ? "unknown" : String.valueOf(counters.site)));
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (!server.isRegistered(name)) {
                server.registerMBean(new StandardMBean(counters, SiteCountersMXBean.class, true), name);
            }
        } catch (Exception | LinkageError e) {
            // JMX is an extra
        }
    }
}
