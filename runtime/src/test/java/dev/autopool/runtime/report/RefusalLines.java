package dev.autopool.runtime.report;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures the {@code autopool CONFIG refused} lines the runtime logs while a test runs. */
public final class RefusalLines {
    // JUL holds loggers weakly: keep ours, or the handler goes with a collected logger.
    private static final Logger AUTOPOOL = Logger.getLogger("autopool");

    private final List<String> lines = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override public void publish(LogRecord record) {
            synchronized (lines) {
                lines.add(record.getMessage());
            }
        }
        @Override public void flush() {}
        @Override public void close() {}
    };

    public void start() {
        AUTOPOOL.addHandler(handler);
    }

    public void stop() {
        AUTOPOOL.removeHandler(handler);
    }

    /** The refusal lines logged since {@link #start}. */
    public List<String> refusals() {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith("autopool CONFIG refused")).toList();
        }
    }
}
