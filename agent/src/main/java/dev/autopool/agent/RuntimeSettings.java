package dev.autopool.agent;

import dev.autopool.agent.config.Settings;
import dev.autopool.runtime.Autopool;
import dev.autopool.runtime.track.TrackingSettings;
import java.util.List;
import java.util.Map;

/**
 * Hands the validated settings to the runtime once, at start-up, before any class is rewritten: the pools
 * ({@link Autopool#configure}) and tracking ({@link TrackingSettings#apply}) each read the keys they own from the
 * same map and report bad values of their own tuning keys.
 */
final class RuntimeSettings {
    private RuntimeSettings() {}

    static void apply(Settings settings) {
        Map<String, String> values = settings.values();
        if (values.isEmpty()) {
            return; // the runtime starts with its defaults on first use; no reason to start it early
        }
        report(Autopool.configure(values));
        report(TrackingSettings.apply(values));
    }

    private static void report(List<String> problems) {
        for (String problem : problems) {
            AgentLog.warning("autopool CONFIG " + problem);
        }
    }
}
