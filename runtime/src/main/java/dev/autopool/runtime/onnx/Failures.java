package dev.autopool.runtime.onnx;

import dev.autopool.runtime.report.ReportLog;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/** An unexpected failure inside a hook in ONNX Runtime's own code: one log line per JVM, the app runs on. */
final class Failures {
    private static final AtomicBoolean SAID = new AtomicBoolean();

    private Failures() {}

    static void once(String where, Throwable t) {
        if (SAID.compareAndSet(false, true)) {
            ReportLog.log(Level.WARNING, "autopool ONNX-FAILED in " + where
                    + ", the tensor's buffer is not reused (said once): " + t, t);
        }
    }
}
