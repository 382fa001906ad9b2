package dev.autopool.runtime.report;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Puts autopool's MXBeans on the platform MBean server from one daemon thread, {@code autopool-jmx}, so the
 * application thread that borrows first never pays for JMX. The {@code jmx} setting says when:
 * <ul>
 *   <li>{@code auto} (the default): only once some party has an MBean server - the app, a framework, or the JDK's
 *   local management agent started by a JMX client attaching later. Creating the platform server loads several
 *   hundred JDK classes and takes megabytes, which an app that never uses JMX must not pay; so this thread only
 *   looks, every {@value #POLL_MILLIS} ms, whether a server exists (a copy of a short list, no class loading).</li>
 *   <li>{@code on}: at once, creating the platform server if nobody has.</li>
 *   <li>{@code off}: never.</li>
 * </ul>
 * A JVM without JMX, or a name already taken, costs nothing but the bean.
 */
public final class MBeanPublisher implements Runnable {
    static final long POLL_MILLIS = 250;
    private static final LinkedBlockingQueue<Object[]> PENDING = new LinkedBlockingQueue<>();
    private static volatile String mode = "auto";
    private static Thread thread;

    private MBeanPublisher() {}

    /**
     * The {@code jmx} setting: {@code auto}, {@code on} or {@code off}, as checked by {@code Setting.JMX}.
     * Package-private: set through {@link ReportSettings}, which the seal guards.
     */
    static void mode(String jmx) {
        mode = jmx;
    }

    /** The {@code jmx} setting in force. */
    public static String mode() {
        return mode;
    }

    /**
     * Queues {@code bean} for registration under {@code objectName}; with an {@code mxbeanInterface} it is wrapped
     * as that MXBean (for beans whose interface is not public). Starts the publishing thread on the first call.
     */
    public static void publish(String objectName, Object bean, Class<?> mxbeanInterface) {
        if (mode.equals("off")) return;
        PENDING.add(new Object[] {objectName, bean, mxbeanInterface});
        synchronized (MBeanPublisher.class) {
            if (thread == null) {
                thread = dev.autopool.runtime.internal.RuntimeThreads.create(new MBeanPublisher(), "autopool-jmx", true);
                thread.start();
            }
        }
    }

    @Override
    public void run() {
        try {
            Object[] first = PENDING.take();
            while (!mayUseServer()) {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
            register(first);
            while (true) {
                register(PENDING.take());
            }
        } catch (InterruptedException e) {
            // the JVM is going away
        }
    }

    private static boolean mayUseServer() {
        String m = mode;
        return m.equals("on") || (m.equals("auto") && serverExists());
    }

    /**
     * Whether some MBean server exists, without making one: {@link ManagementFactory#getPlatformMBeanServer} (which
     * the JDK's management agent calls too) makes the platform server through {@link MBeanServerFactory}, which
     * lists it.
     */
    static boolean serverExists() {
        try {
            return !MBeanServerFactory.findMBeanServer(null).isEmpty();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void register(Object[] pending) {
        if (mode.equals("off")) return;
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
