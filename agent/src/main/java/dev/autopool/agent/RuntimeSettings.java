package dev.autopool.agent;

import dev.autopool.agent.config.Settings;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Hands the validated settings to the runtime once, at start-up, before any class is rewritten: the pools
 * ({@code Autopool.configure(Map)}) and tracking ({@code TrackingSettings.apply(Map)}) each read the keys they
 * own from the same map and report bad values of their own tuning keys. The entries are looked up by name so that an agent built against a runtime that
 * lacks one still starts; that is said once at debug level.
 */
final class RuntimeSettings {
    private static final String[][] ENTRIES = {
        {"dev.autopool.runtime.Autopool", "configure"},
        {"dev.autopool.runtime.track.TrackingSettings", "apply"},
    };

    private RuntimeSettings() {}

    static void apply(Settings settings) {
        Map<String, String> values = settings.values();
        for (String[] entry : ENTRIES) {
            try {
                Method m = Class.forName(entry[0]).getMethod(entry[1], Map.class);
                Object problems = m.invoke(null, values);
                if (problems instanceof Iterable<?> list) {
                    for (Object problem : list) AgentLog.warning("autopool CONFIG " + problem);
                }
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                AgentLog.debug("autopool CONFIG the runtime has no " + entry[0] + "." + entry[1]
                        + "(Map); its settings are not applied");
            } catch (ReflectiveOperationException e) {
                AgentLog.warning("autopool CONFIG " + entry[0] + "." + entry[1] + " rejected the settings: "
                        + e.getCause());
            }
        }
    }
}
