package dev.autopool.runtime.report;

/**
 * Emits autopool's JFR events ({@code dev.autopool.Leak}, {@code .DoubleReturn}, {@code .WriteAfterReturn},
 * {@code .ForeignReturn}, and {@code .Borrow} when asked). They show in any recording, e.g. one started with
 * {@code -XX:StartFlightRecording}. On a JVM without the {@code jdk.jfr} module every method does nothing.
 */
public final class JfrReports {
    private static final boolean AVAILABLE = available();

    private JfrReports() {}

    public static void leak(String array, long bytes, String borrowSite, int site) {
        if (!AVAILABLE) return;
        try {
            JfrEvents.Leak event = new JfrEvents.Leak();
            if (event.shouldCommit()) {
                event.array = array;
                event.bytes = bytes;
                event.borrowSite = borrowSite;
                event.site = site;
                event.commit();
            }
        } catch (LinkageError e) {
            // JFR is an extra
        }
    }

    public static void doubleReturn(String array, long bytes, String firstRelease, String secondRelease) {
        if (!AVAILABLE) return;
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
        if (!AVAILABLE) return;
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
        if (!AVAILABLE) return;
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

    /** A borrow event; {@code array} is only formatted when a recording wants the event. */
    public static void borrow(Object arrayDescription, long bytes, int site, boolean hit) {
        if (!AVAILABLE) return;
        try {
            JfrEvents.Borrow event = new JfrEvents.Borrow();
            if (event.shouldCommit()) {
                event.array = String.valueOf(arrayDescription);
                event.bytes = bytes;
                event.site = site;
                event.hit = hit;
                event.commit();
            }
        } catch (LinkageError e) {
            // JFR is an extra
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
