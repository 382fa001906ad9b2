package dev.autopool.runtime.report;

import java.lang.management.ManagementFactory;
import java.util.concurrent.LinkedBlockingQueue;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Puts autopool's MXBeans on the platform MBean server from one daemon thread, {@code autopool-jmx}, so the
 * application thread that borrows first never pays for JMX: the first registration creates the platform MBean
 * server, which loads several hundred JDK classes (every platform MXBean, the JFR management beans) and was the
 * largest share of the agent's start-up. The first bean waits up to 2 s for a server someone else made (the app,
 * a JMX agent), so a short run never pays for one; a bean then shows on JMX shortly after it is handed over.
 * A JVM without JMX, or a name already taken, costs nothing but the bean.
 */
public final class MBeanPublisher implements Runnable {
    /** How long the first bean waits for an MBean server made by someone else before this thread makes one. */
    private static final long DELAY_NANOS = 2_000_000_000L;
    private static final long POLL_MILLIS = 20;
    private static final LinkedBlockingQueue<Object[]> PENDING = new LinkedBlockingQueue<>();
    private static Thread thread;

    private MBeanPublisher() {}

    /**
     * Queues {@code bean} for registration under {@code objectName}; with an {@code mxbeanInterface} it is wrapped
     * as that MXBean (for beans whose interface is not public). Starts the publishing thread on the first call.
     */
    public static void publish(String objectName, Object bean, Class<?> mxbeanInterface) {
        PENDING.add(new Object[] {objectName, bean, mxbeanInterface});
        synchronized (MBeanPublisher.class) {
            if (thread == null) {
                thread = dev.autopool.runtime.RuntimeThreads.create(new MBeanPublisher(), "autopool-jmx", true);
                thread.start();
            }
        }
    }

    @Override
    public void run() {
        try {
            Object[] first = PENDING.take();
            awaitServerOrDelay();
            register(first);
            while (true) {
                register(PENDING.take());
            }
        } catch (InterruptedException e) {
            // the JVM is going away
        }
    }

    private static void awaitServerOrDelay() throws InterruptedException {
        long deadline = System.nanoTime() + DELAY_NANOS;
        while (System.nanoTime() - deadline < 0 && !serverExists()) {
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Whether the platform MBean server exists ({@link ManagementFactory} makes it through the factory). */
    private static boolean serverExists() {
        try {
            return !MBeanServerFactory.findMBeanServer(null).isEmpty();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void register(Object[] pending) {
        try {
            ObjectName name = new ObjectName((String) pending[0]);
            Object bean = pending[2] == null ? pending[1] : new StandardMBean(pending[1], (Class) pending[2], true);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (!server.isRegistered(name)) {
                server.registerMBean(bean, name);
            }
        } catch (Exception | LinkageError e) {
            // JMX is an extra: pooling and tracking work without it
        }
    }
}
