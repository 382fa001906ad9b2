package dev.autopool.runtime.report;

/**
 * The one way into the settings of where and how much autopool writes ({@code log}, {@code log.to},
 * {@code summary}, {@code summary.interval}) and when its beans go on JMX ({@code jmx}). The setters of
 * {@link ReportLog}, {@link ShutdownSummary} and {@link MBeanPublisher} are package-private: this package is on
 * the bootstrap class path like the rest of the runtime, and a public setter would let any class silence the
 * {@code LEAK} lines and the exit block, or move the block to a file of its choosing, after the seal.
 */
public final class ReportSettings {
    private ReportSettings() {}

    /**
     * Applies the values given (null, or a {@code summaryEveryMillis} of 0, leaves a setting as it is); the values
     * are checked already ({@code settings.LogSettings} reads them). Once the settings are {@link SettingsSeal
     * sealed} nothing changes and one {@code autopool CONFIG refused} line names the caller.
     */
    public static void apply(String log, String logTo, String summary, long summaryEveryMillis, String jmx) {
        if (!SettingsSeal.mayChange("ReportSettings.apply", requested(log, logTo, summary, summaryEveryMillis, jmx))) {
            return;
        }
        if (log != null) ReportLog.threshold(log);
        if (logTo != null) ReportLog.destination(logTo);
        if (summary != null) ShutdownSummary.destination(summary);
        if (summaryEveryMillis > 0) ShutdownSummary.every(summaryEveryMillis);
        if (jmx != null) MBeanPublisher.mode(jmx);
    }

    /** What was asked, as {@code key=value} words, for the refusal line. */
    private static String requested(String log, String logTo, String summary, long summaryEveryMillis, String jmx) {
        StringBuilder words = new StringBuilder();
        word(words, "log", log);
        word(words, "log.to", logTo);
        word(words, "summary", summary);
        word(words, "summary.interval", summaryEveryMillis > 0 ? summaryEveryMillis + "ms" : null);
        word(words, "jmx", jmx);
        return words.toString();
    }

    private static void word(StringBuilder words, String key, String value) {
        if (value != null) words.append(words.length() == 0 ? "" : " ").append(key).append('=').append(value);
    }
}
