package dev.autopool.agent;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;

/** The agent's log lines, through the {@code autopool} System.Logger, filtered by the {@code log} setting. */
final class AgentLog {
    private static volatile Level threshold = Level.INFO;

    /** Warning lines, as a consumer for the rewrite engine. */
    static final java.util.function.Consumer<String> WARNINGS = new java.util.function.Consumer<>() {
        @Override
        public void accept(String line) {
            warning(line);
        }
    };

    private AgentLog() {}

    private static final class Holder {
        static final Logger LOG = System.getLogger("autopool");
    }

    /** Applies the {@code log} setting's canonical value ({@code off}, {@code error}, ...). */
    static void threshold(String level) {
        threshold = switch (level.toLowerCase(Locale.ROOT)) {
            case "off" -> Level.OFF;
            case "error" -> Level.ERROR;
            case "warning" -> Level.WARNING;
            case "debug" -> Level.DEBUG;
            case "trace" -> Level.TRACE;
            default -> Level.INFO;
        };
    }

    static void warning(String line) {
        log(Level.WARNING, line);
    }

    static void debug(String line) {
        log(Level.DEBUG, line);
    }

    static void log(Level level, String line) {
        if (threshold != Level.OFF && level.getSeverity() >= threshold.getSeverity()) {
            // Looked up only when there is something to say: initialising the logging backend costs start-up.
            Holder.LOG.log(level, line);
        }
    }
}
