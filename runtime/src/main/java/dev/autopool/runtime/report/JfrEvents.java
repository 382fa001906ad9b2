package dev.autopool.runtime.report;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR event types autopool records; {@link JfrReports} is the only user, and guards their absence. Each is
 * switched by the recording's settings like the JDK's own events: the problem events are on by default, the
 * per-borrow event is off ({@code jfr configure +dev.autopool.Borrow#enabled=true}, or a {@code .jfc} file). Every
 * event names its site as text, {@code Class.method(File.java:line)}.
 */
final class JfrEvents {
    private JfrEvents() {}

    @Name("dev.autopool.Leak")
    @Label("Pooled Buffer Leak")
    @Category("autopool")
    @Description("A borrowed buffer was garbage-collected without a release")
    @StackTrace(false)
    @Enabled(true)
    static final class Leak extends Event {
        @Label("Array") String array;
        @Label("Bytes") @DataAmount long bytes;
        @Label("Borrow Site") String borrowSite;
    }

    @Name("dev.autopool.OnnxTensorLeak")
    @Label("ONNX Tensor Leak")
    @Category({"autopool", "ONNX"})
    @Description("An OnnxTensor created over a pooled buffer was garbage-collected without close(); its native value"
            + " leaked")
    @StackTrace(false)
    @Enabled(true)
    static final class TensorLeak extends Event {
        @Label("Site") String site;
        @Label("Shape") String shape;
        @Label("Bytes") @DataAmount long bytes;
    }

    @Name("dev.autopool.DoubleReturn")
    @Label("Pooled Buffer Double Return")
    @Category("autopool")
    @Description("A buffer was released while already back in the pool; the second release was ignored")
    @Enabled(true)
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
    @Enabled(true)
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
    @Enabled(true)
    static final class ForeignReturn extends Event {
        @Label("Array") String array;
        @Label("Bytes") @DataAmount long bytes;
        @Label("Release Site") String releaseSite;
    }

    @Name("dev.autopool.Borrow")
    @Label("Pooled Buffer Borrow")
    @Category("autopool")
    @Description("A pooled buffer was lent (off by default: one event per borrow)")
    @StackTrace(false)
    @Enabled(false)
    static final class Borrow extends Event {
        @Label("Array") String array;
        @Label("Bytes") @DataAmount long bytes;
        @Label("Borrow Site") String borrowSite;
        @Label("Recycled") boolean hit;
    }
}
