package dev.autopool.runtime.internal;

/**
 * Makes autopool's own threads (housekeeping, leak watching, JMX, the shutdown summary) so that they hold nothing
 * of the app thread that happened to start them. A thread is often started from inside an app's first borrow,
 * whose class may belong to a plugin loader; on JDK 17 a new thread keeps the access-control context of every
 * frame on its creator's stack (each with the protection domain, and so the loader, of its class), and every
 * new thread inherits its creator's context class loader. Either would keep that plugin's loader alive for the
 * rest of the JVM's life ({@link AppFreeContext}).
 */
public final class RuntimeThreads {
    private RuntimeThreads() {}

    /** An unstarted thread with no app context: no captured stack context, no context class loader. */
    public static Thread create(Runnable task, String name, boolean daemon) {
        Thread[] made = new Thread[1];
        AppFreeContext.run(() -> made[0] = new Thread(task, name));
        Thread t = made[0];
        t.setContextClassLoader(null);
        t.setDaemon(daemon);
        return t;
    }
}
