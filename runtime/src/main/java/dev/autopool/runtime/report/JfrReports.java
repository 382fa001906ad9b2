package dev.autopool.runtime.report;

import dev.autopool.runtime.internal.AppFreeContext;

/**
 * Emits autopool's JFR events ({@code dev.autopool.Leak}, {@code .OnnxTensorLeak}, {@code .DoubleReturn},
 * {@code .WriteAfterReturn}, {@code .ForeignReturn}, and {@code .Borrow} when a recording enables it). The problem
 * events show in any recording, e.g. one started with {@code -XX:StartFlightRecording}. On a JVM without the
 * {@code jdk.jfr} module every method does nothing.
 *
 * <p>No event class is touched before the JVM has a flight recorder (a recording started from the command line,
 * by {@code jcmd} or in process): the JVM instruments each event class as it loads, which took a few MB on the
 * app's thread at the first borrow of every run, recorded or not. Without a recorder no recording can want an event.
 */
public final class JfrReports {
    private static final boolean AVAILABLE = available();
    /** Set once this JVM's flight recorder exists (told by {@link RecorderWatch}); it never goes away. */
    private static volatile boolean recorder;

    static {
        if (AVAILABLE) RecorderWatch.watch();
    }

    private JfrReports() {}

    public static void leak(String array, long bytes, String borrowSite) {
        if (!AVAILABLE || !recorder) return;
        try {
            JfrEvents.Leak event = new JfrEvents.Leak();
            if (event.shouldCommit()) {
                event.array = array;
                event.bytes = bytes;
                event.borrowSite = borrowSite;
                event.commit();
            }
        } catch (LinkageError e) {
            // JFR is an extra
        }
    }

    public static void tensorLeak(String site, String shape, long bytes) {
        if (!AVAILABLE || !recorder) return;
        try {
            JfrEvents.TensorLeak event = new JfrEvents.TensorLeak();
            if (event.shouldCommit()) {
                event.site = site;
                event.shape = shape;
                event.bytes = bytes;
                event.commit();
            }
        } catch (LinkageError e) {
            // JFR is an extra
        }
    }

    public static void doubleReturn(String array, long bytes, String firstRelease, String secondRelease) {
        if (!AVAILABLE || !recorder) return;
        try {
            JfrEvents.DoubleReturn event = new JfrEvents.DoubleReturn();
            if (event.shouldCommit()) {
                event.array = array;
                event.bytes = bytes;
                event.firstRelease = firstRelease;
                event.secondRelease = secondRelease;
                event.commit();
            }
        } catch (LinkageError e) {
            // JFR is an extra
        }
    }

    public static void writeAfterReturn(String array, long bytes, String releaseSite, String borrowSite) {
        if (!AVAILABLE || !recorder) return;
        try {
            JfrEvents.WriteAfterReturn event = new JfrEvents.WriteAfterReturn();
            if (event.shouldCommit()) {
                event.array = array;
                event.bytes = bytes;
                event.releaseSite = releaseSite;
                event.borrowSite = borrowSite;
                event.commit();
            }
        } catch (LinkageError e) {
            // JFR is an extra
        }
    }

    public static void foreignReturn(String array, long bytes, String releaseSite) {
        if (!AVAILABLE || !recorder) return;
        try {
            JfrEvents.ForeignReturn event = new JfrEvents.ForeignReturn();
            if (event.shouldCommit()) {
                event.array = array;
                event.bytes = bytes;
                event.releaseSite = releaseSite;
                event.commit();
            }
        } catch (LinkageError e) {
            // JFR is an extra
        }
    }

    /**
     * Whether a recording wants Borrow events: asked on every borrow, so it allocates nothing (one shared event
     * object answers; JFR switches the event class, not the instance) and is false where JFR is absent.
     */
    public static boolean borrowEnabled() {
        return AVAILABLE && recorder && BorrowSwitch.enabled();
    }

    /** A borrow event; {@code array} is only formatted when a recording wants the event. */
    public static void borrow(Object arrayDescription, long bytes, String borrowSite, boolean hit) {
        if (!AVAILABLE || !recorder) return;
        try {
            JfrEvents.Borrow event = new JfrEvents.Borrow();
            if (event.shouldCommit()) {
                event.array = String.valueOf(arrayDescription);
                event.bytes = bytes;
                event.borrowSite = borrowSite;
                event.hit = hit;
                event.commit();
            }
        } catch (LinkageError e) {
            // JFR is an extra
        }
    }

    /**
     * Sets {@link #recorder} when the flight recorder is initialised, at once when it already is. Loaded only where
     * {@code jdk.jfr} is present; loads no event class.
     */
    private static final class RecorderWatch implements jdk.jfr.FlightRecorderListener {
        static void watch() {
            try {
                // JDK 17 keeps the caller's access-control context with each listener: a plugin's borrow that
                // loads this class must not leave its loader in that context.
                AppFreeContext.run(() -> jdk.jfr.FlightRecorder.addListener(new RecorderWatch()));
            } catch (LinkageError | RuntimeException e) {
                recorder = true; // cannot be told: ask the events themselves, as before
            }
        }

        @Override
        public void recorderInitialized(jdk.jfr.FlightRecorder flightRecorder) {
            recorder = true;
        }
    }

    /** Loaded at the first borrow made while a flight recorder exists. */
    private static final class BorrowSwitch {
        private static final JfrEvents.Borrow PROBE = new JfrEvents.Borrow();

        static boolean enabled() {
            try {
                return PROBE.isEnabled();
            } catch (LinkageError e) {
                return false;
            }
        }
    }

    private static boolean available() {
        try {
            Class.forName("jdk.jfr.Event", false, JfrReports.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
