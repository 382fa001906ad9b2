package dev.autopool.runtime.onnx;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR event: an ONNX tensor over a pooled buffer was garbage-collected without {@code close()}. */
@Name("dev.autopool.OnnxTensorLeak")
@Label("ONNX Tensor Leak")
@Category({"autopool", "ONNX"})
@Description("An OnnxTensor created over a pooled buffer was garbage-collected without close(); its native value leaked")
@StackTrace(false)
final class OnnxTensorLeakEvent extends Event {
    @Label("Site")
    String site;

    @Label("Shape")
    String shape;

    @Label("Bytes")
    @DataAmount
    long bytes;

    static void emit(String site, String shape, long bytes) {
        OnnxTensorLeakEvent event = new OnnxTensorLeakEvent();
        if (event.isEnabled()) {
            event.site = site;
            event.shape = shape;
            event.bytes = bytes;
            event.commit();
        }
    }
}
