package dev.autopool.runtime.settings;

import dev.autopool.runtime.report.ReportSettings;
import dev.autopool.runtime.report.SettingsSeal;

/**
 * The settings of where and how much autopool writes ({@code log}, {@code log.to}, {@code summary} and
 * {@code summary.interval}) and of when its beans go on JMX ({@code jmx}), read with the settings' grammar and
 * handed to {@link ReportSettings}. The agent applies them before its first line; without the agent,
 * {@code Autopool.configure} does, so the runtime honours {@code log=} either way.
 */
public final class LogSettings {
    private LogSettings() {}

    /**
     * Applies the keys that are given; a bad value is reported through {@code values} and changes nothing. This
     * class is public (the agent calls it), so anyone could call it: once the settings are {@link SettingsSeal
     * sealed}, {@link ReportSettings#apply} changes nothing and logs one {@code autopool CONFIG refused} line
     * naming the caller.
     */
    public static void apply(SettingValues values) {
        String level = values.word(Setting.LOG, null);
        String to = values.word(Setting.LOG_TO, null);
        String summary = values.word(Setting.SUMMARY, null);
        long every = values.millis(Setting.SUMMARY_INTERVAL, 0);
        String jmx = values.word(Setting.JMX, null);
        if (level == null && to == null && summary == null && every <= 0 && jmx == null) {
            return; // none of these keys: nothing to change, nothing to refuse
        }
        ReportSettings.apply(level, to, summary, every, jmx);
    }
}
