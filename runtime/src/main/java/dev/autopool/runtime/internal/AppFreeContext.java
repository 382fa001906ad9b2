package dev.autopool.runtime.internal;

import java.security.AccessController;
import java.security.PrivilegedAction;

/**
 * Runs runtime code that the JDK may remember together with its caller's access-control context: a new thread,
 * a flight-recorder listener. That code often runs inside an app's first borrow, whose class may belong to a
 * plugin loader; on JDK 17 the remembered context holds the protection domain, and so the loader, of every frame
 * on the stack, which would keep that plugin's loader alive for the rest of the JVM's life.
 */
public final class AppFreeContext {
    private AppFreeContext() {}

    /** Runs {@code action} with a context that ends at this (boot) class instead of the app's frames. */
    @SuppressWarnings("removal")
    public static void run(Runnable action) {
        AccessController.doPrivileged((PrivilegedAction<Void>) () -> {
            action.run();
            return null;
        });
    }
}
