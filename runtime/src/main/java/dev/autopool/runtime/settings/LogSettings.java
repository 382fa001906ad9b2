package dev.autopool.runtime.settings;

import dev.autopool.runtime.report.ReportLog;
import dev.autopool.runtime.report.ShutdownSummary;

/**
 * The settings of where and how much autopool writes: {@code log}, {@code log.to}, {@code summary} and
 * {@code summary.interval}. The agent applies them before its first line; without the agent,
 * {@code Autopool.configure} does, so the runtime honours {@code log=} either way.
 */
public final class LogSettings {
    private LogSettings() {}

    /** Applies the keys that are given; a bad value is reported through {@code values} and changes nothing. */
    public static void apply(SettingValues values) {
        String level = values.word(Setting.LOG, null);
        if (level != null) ReportLog.threshold(level);
        String to = values.word(Setting.LOG_TO, null);
        if (to != null) ReportLog.destination(to);
        String summary = values.word(Setting.SUMMARY, null);
        if (summary != null) ShutdownSummary.destination(summary);
        long every = values.millis(Setting.SUMMARY_INTERVAL, 0);
        if (every > 0) ShutdownSummary.every(every);
    }
}
