package dev.autopool.runtime.track;

import dev.autopool.runtime.report.SettingsSeal;
import dev.autopool.runtime.settings.Setting;
import dev.autopool.runtime.settings.SettingValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tracker's settings, an immutable value. The agent passes its {@code key=value} settings (agent
 * arguments over the rules file's {@code set} lines) to the runtime once at start-up; after that they are
 * {@link SettingsSeal sealed}.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>{@code leak}</td><td>{@code off}, {@code sampled} (default), {@code full}, {@code paranoid}</td></tr>
 *   <tr><td>{@code leak.rate}</td><td>at {@code sampled}, watch one borrow in this many (default 64)</td></tr>
 *   <tr><td>{@code foreign}</td><td>{@code ignore} (default: report, leave to the GC) or {@code adopt}
 *       (report, let the pool keep the array if its shape fits)</td></tr>
 *   <tr><td>{@code quarantine}</td><td>at {@code full} and {@code paranoid}, a released
 *       buffer waits for this many later releases of its own shape (poisoned at {@code paranoid}; default 16)</td></tr>
 *   <tr><td>{@code report.interval}</td><td>the time between two report lines of one kind and site, a
 *       duration ({@code 60s}, the default; {@code 500ms}; {@code 0}: every one; the first is always logged)</td></tr>
 * </table>
 */
public final class TrackingSettings {
    /** The settings the tracker starts with. */
    public static final TrackingSettings DEFAULTS =
            new TrackingSettings(LeakLevel.SAMPLED, 64, false, 16, 60_000);

    private static volatile TrackingSettings current = DEFAULTS;

    private final LeakLevel leak;
    private final int leakRate;
    private final boolean adoptForeign;
    private final int quarantine;
    private final long reportIntervalMillis;

    private TrackingSettings(LeakLevel leak, int leakRate, boolean adoptForeign, int quarantine,
                             long reportIntervalMillis) {
        this.leak = leak;
        this.leakRate = leakRate;
        this.adoptForeign = adoptForeign;
        this.quarantine = quarantine;
        this.reportIntervalMillis = reportIntervalMillis;
    }

    /**
     * Applies the tracker's keys among {@code settings} over the current settings (other keys are not the
     * tracker's and are skipped), then {@link SettingsSeal seals} the runtime's settings. Returns one message per
     * bad value, e.g. {@code "setting leak=sometimes: expected off, sampled, full or paranoid; the setting is
     * ignored"}; a bad value keeps the previous one. Once sealed (by the agent at start-up, or by the first
     * configuration without one) the call changes nothing, logs one {@code autopool CONFIG refused} line and
     * returns {@link SettingsSeal#REFUSED}.
     */
    public static List<String> apply(Map<String, String> settings) {
        if (!SettingsSeal.mayChange("TrackingSettings.apply", settings)) {
            return List.of(SettingsSeal.REFUSED);
        }
        List<String> problems = update(settings);
        SettingsSeal.seal();
        return problems;
    }

    /** Applies the tracker's keys whether or not the settings are sealed: the runtime's own tests only. */
    static synchronized List<String> update(Map<String, String> settings) {
        List<String> problems = new ArrayList<>();
        TrackingSettings next = current.with(settings, problems);
        use(next);
        return problems;
    }

    /** The settings in force. */
    public static TrackingSettings current() {
        return current;
    }

    /**
     * Puts {@code settings} in force, sealed or not (tests use this to switch levels and restore the previous
     * settings); package-private, so nothing outside the tracker can change a sealed setting.
     */
    static synchronized void use(TrackingSettings settings) {
        current = settings;
        Tracker.settingsChanged(settings);
    }

    /** A copy with the tracker's keys of {@code settings} applied; bad values are added to {@code problems}. */
    public TrackingSettings with(Map<String, String> settings, List<String> problems) {
        SettingValues values = new SettingValues(settings, Runtime.getRuntime().maxMemory(), problems::add);
        LeakLevel level = LeakLevel.named(values.word(Setting.LEAK, leak.settingValue()));
        int rate = (int) values.count(Setting.LEAK_RATE, leakRate);
        boolean adopt = values.word(Setting.FOREIGN, adoptForeign ? "adopt" : "ignore").equals("adopt");
        int held = (int) values.count(Setting.QUARANTINE, quarantine);
        long interval = values.millis(Setting.REPORT_INTERVAL, reportIntervalMillis);
        return new TrackingSettings(level, rate, adopt, held, interval);
    }

    /** A copy at another leak level. */
    public TrackingSettings withLeak(LeakLevel level) {
        return new TrackingSettings(level, leakRate, adoptForeign, quarantine, reportIntervalMillis);
    }

    public LeakLevel leak() { return leak; }
    public int leakRate() { return leakRate; }
    public boolean adoptForeign() { return adoptForeign; }
    public int quarantine() { return quarantine; }
    public long reportIntervalMillis() { return reportIntervalMillis; }

    @Override
    public String toString() {
        return "leak=" + leak.settingValue() + " leak.rate=" + leakRate + " foreign=" + (adoptForeign ? "adopt" : "ignore")
                + " quarantine=" + quarantine + " report.interval=" + reportIntervalMillis + "ms";
    }
}
