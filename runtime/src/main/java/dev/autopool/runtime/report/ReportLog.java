package dev.autopool.runtime.report;

/** Where report lines go: the {@code System.Logger} named {@code autopool}, at WARNING. */
public final class ReportLog {
    /** The logger every autopool report line goes through. */
    public static final String LOGGER_NAME = "autopool";

    private ReportLog() {}

    /** Logs {@code line}, with {@code stack} printed below it when not null. Never throws. */
    public static void warn(String line, Throwable stack) {
        try {
            System.Logger logger = System.getLogger(LOGGER_NAME);
            if (stack == null) {
                logger.log(System.Logger.Level.WARNING, line);
            } else {
                logger.log(System.Logger.Level.WARNING, line, stack);
            }
        } catch (RuntimeException | LinkageError e) {
            // a broken logging backend must not break the app; the counters still hold the event
        }
    }

    static String times(long count) {
        return count == 1 ? "1 time" : count + " times";
    }
}
