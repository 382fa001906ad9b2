package dev.autopool.runtime.report;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Locale;

/**
 * Where every autopool line goes, the agent's and the runtime's alike, filtered by the {@code log} setting.
 *
 * <p>Under the agent, lines go to standard error ({@code WARNING: autopool LEAK ...}, the message line of the
 * JDK's default format) until the app has set up its logging, and
 * {@code System.getLogger} is not called before then: from autopool's classes that call would load the app's
 * {@code System.LoggerFinder} (SLF4J, Log4j) before the app's {@code main} has chosen its configuration, and the
 * app's own log format would be lost. The agent calls {@link #appLoggingReady()} when it sees a
 * {@code LoggerFinder} defined (the JDK has then resolved the logging backend); from then on lines go through
 * the {@code System.Logger} named {@value #LOGGER_NAME}. {@code log.to=logger} or {@code log.to=stderr} pins
 * the destination. Without the agent (the {@code Autopool} API alone) the app is already running its own code
 * when autopool first logs, so lines go to the logger from the start.
 */
public final class ReportLog {
    /** The logger autopool's lines go through once the app's logging is up. */
    public static final String LOGGER_NAME = "autopool";

    private static volatile int threshold = Level.INFO.getSeverity();
    private static volatile String destination = "auto";
    private static volatile boolean waitForApp;
    private static volatile boolean appLoggingUp;

    private ReportLog() {}

    /**
     * The {@code log} setting: {@code off}, {@code error}, {@code warning}, {@code info}, {@code debug}, {@code trace}.
     * Package-private: set through {@link ReportSettings}, which the seal guards.
     */
    static void threshold(String level) {
        threshold = switch (level.toLowerCase(Locale.ROOT)) {
            case "off" -> Integer.MAX_VALUE;
            case "error" -> Level.ERROR.getSeverity();
            case "warning" -> Level.WARNING.getSeverity();
            case "debug" -> Level.DEBUG.getSeverity();
            case "trace" -> Level.TRACE.getSeverity();
            default -> Level.INFO.getSeverity();
        };
    }

    /** The {@code log.to} setting: {@code auto} (the default), {@code stderr} or {@code logger}; see {@link #threshold}. */
    static void destination(String where) {
        destination = where.toLowerCase(Locale.ROOT);
    }

    /**
     * Called by the agent at start-up: hold lines on standard error until {@link #appLoggingReady()}. It decides
     * where lines go, so it is refused once the settings are {@link SettingsSeal sealed} (in an app without the
     * agent nobody would ever call {@code appLoggingReady}, and every line would stay on standard error).
     */
    public static void waitForAppLogging() {
        if (SettingsSeal.mayChange("ReportLog.waitForAppLogging", "log.to=stderr until the app's logging is up")) {
            waitForApp = true;
        }
    }

    /**
     * The app's logging backend is resolved: {@code log.to=auto} lines now go through the logger. Not a setting,
     * so not sealed: the agent calls it whenever the app's logging comes up, and an early call by anyone else only
     * sends the lines to the {@code System.Logger} sooner (silencing them is the {@code log} setting's alone).
     */
    public static void appLoggingReady() {
        appLoggingUp = true;
    }

    /** Whether a line at {@code level} would be written at all. */
    public static boolean enabled(Level level) {
        return level.getSeverity() >= threshold;
    }

    /** A WARNING line, with {@code stack} printed below it when not null. Never throws. */
    public static void warn(String line, Throwable stack) {
        log(Level.WARNING, line, stack);
    }

    /** Writes {@code line} if {@code level} passes the {@code log} setting. Never throws. */
    public static void log(Level level, String line, Throwable stack) {
        if (!enabled(level)) return;
        try {
            if (toLogger()) {
                System.Logger logger = System.getLogger(LOGGER_NAME);
                if (stack == null) {
                    logger.log(level, line);
                } else {
                    logger.log(level, line, stack);
                }
            } else {
                System.err.print(withStack(level.getName() + ": " + line, stack));
            }
        } catch (RuntimeException | LinkageError e) {
            // a broken logging backend must not break the app; the counters still hold the event
        }
    }

    /** Writes a block of lines in order, in one piece when they go to standard error. Never throws. */
    public static void block(Level level, List<String> lines) {
        if (lines.isEmpty() || !enabled(level)) return;
        if (toLogger()) {
            for (String line : lines) log(level, line, null);
            return;
        }
        StringBuilder all = new StringBuilder();
        for (String line : lines) all.append(line).append(System.lineSeparator());
        System.err.print(all);
    }

    static boolean toLogger() {
        return switch (destination) {
            case "logger" -> true;
            case "stderr" -> false;
            default -> !waitForApp || appLoggingUp;
        };
    }

    private static String withStack(String line, Throwable stack) {
        if (stack == null) return line + System.lineSeparator();
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.println(line);
        stack.printStackTrace(out);
        out.flush();
        return text.toString();
    }

    /** "1 time", "3 times": the count every problem line states (the lines are built in {@code track}). */
    public static String times(long count) {
        return count == 1 ? "1 time" : count + " times";
    }
}
