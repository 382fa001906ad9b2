package dev.autopool.runtime.report;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The JFR event types autopool records; {@link JfrReports} is the only user, and guards their absence. */
final class JfrEvents {
    private JfrEvents() {}

    @Name("dev.autopool.Leak")
    @Label("Pooled Buffer Leak")
    @Category("autopool")
    @Description("A borrowed buffer was garbage-collected without a release")
    @StackTrace(false)
    static final class Leak extends Event {
        @Label("Array") String array;
        @Label("Bytes") @DataAmount long bytes;
        @Label("Borrow Site") String borrowSite;
        @Label("Borrow Site Id") int site;
    }

    @Name("dev.autopool.DoubleReturn")
    @Label("Pooled Buffer Double Return")
    @Category("autopool")
    @Description("A buffer was released while already back in the pool; the second release was ignored")
    static final class DoubleReturn extends Event {
        @Label("Array") String array;
        @Label("Bytes") @DataAmount long bytes;
        @Label("First Release Site") String firstRelease;
        @Label("Second Release Site") String secondRelease;
    }

    @Name("dev.autopool.WriteAfterReturn")
    @Label("Pooled Buffer Write After Return")
    @Category("autopool")
    @Description("A released, poisoned buffer was changed before its reuse (leak=paranoid)")
    @StackTrace(false)
    static final class WriteAfterReturn extends Event {
        @Label("Array") String array;
        @Label("Bytes") @DataAmount long bytes;
        @Label("Release Site") String releaseSite;
        @Label("Borrow Site") String borrowSite;
    }

    @Name("dev.autopool.ForeignReturn")
    @Label("Foreign Array Released")
    @Category("autopool")
    @Description("An array the pool never lent was released")
    static final class ForeignReturn extends Event {
        @Label("Array") String array;
        @Label("Bytes") @DataAmount long bytes;
        @Label("Release Site") String releaseSite;
    }

    @Name("dev.autopool.Borrow")
    @Label("Pooled Buffer Borrow")
    @Category("autopool")
    @Description("A pooled buffer was lent (only with jfr.borrow=true)")
    @StackTrace(false)
    static final class Borrow extends Event {
        @Label("Array") String array;
        @Label("Bytes") @DataAmount long bytes;
        @Label("Borrow Site Id") int site;
        @Label("Recycled") boolean hit;
    }
}
