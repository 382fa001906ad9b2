package dev.autopool.agent;

import dev.autopool.runtime.report.ReportLog;
import java.lang.System.Logger.Level;

/**
 * The agent's log lines. They go where the runtime's go ({@link ReportLog}: standard error until the app's
 * logging is up, filtered by the {@code log} setting), so one setting and one format cover both.
 */
final class AgentLog {
    /** Warning lines, as a consumer for the rewrite engine. */
    static final java.util.function.Consumer<String> WARNINGS = new java.util.function.Consumer<>() {
        @Override
        public void accept(String line) {
            warning(line);
        }
    };

    private AgentLog() {}

    static void warning(String line) {
        ReportLog.log(Level.WARNING, line, null);
    }

    static void info(String line) {
        ReportLog.log(Level.INFO, line, null);
    }

    static void debug(String line) {
        ReportLog.log(Level.DEBUG, line, null);
    }
}
