package dev.autopool.agent;

import dev.autopool.agent.config.Settings;
import dev.autopool.runtime.Autopool;
import dev.autopool.runtime.report.SettingsSeal;
import java.util.List;
import java.util.Map;

/**
 * Hands the validated settings to the runtime once, at start-up, before any class is rewritten, and then seals
 * them: {@link Autopool#configure} reads the keys the pools, tracking and the ONNX pool own from the one map and
 * reports bad values of their own tuning keys. From then on the runtime refuses every setter an app could call
 * (the runtime is on the bootstrap class path, so every class can call it).
 */
final class RuntimeSettings {
    private RuntimeSettings() {}

    static void apply(Settings settings) {
        Map<String, String> values = settings.values();
        if (values.isEmpty()) {
            return; // the runtime starts with its defaults on first use; no reason to start it early
        }
        if (SettingsSeal.isSealed()) {
            // Dynamic attach to an app that configured the runtime itself (as a library) before the agent came.
            AgentLog.warning("autopool CONFIG the runtime's settings were already applied and sealed by the app "
                    + "before the agent attached; the agent's settings are ignored");
            return;
        }
        for (String problem : Autopool.configure(values)) {
            AgentLog.warning(located(problem, settings));
        }
    }

    /**
     * The runtime's sentence about one of its keys ({@code setting trim.idle=soon: expected ...} or
     * {@code report.interval=x: expected ...}), in the agent's format: at the line that set the key.
     */
    static String located(String problem, Settings settings) {
        String text = problem.startsWith("setting ") ? problem.substring("setting ".length()) : problem;
        int eq = text.indexOf('=');
        String origin = eq > 0 ? settings.originOf(text.substring(0, eq).trim()) : null;
        return "autopool CONFIG " + (origin == null ? "" : origin + ": ") + (eq > 0 ? "setting " : "") + text;
    }

    /** Seals the runtime's settings, configured or left at their defaults; loads nothing else of the runtime. */
    static void seal() {
        SettingsSeal.seal();
    }
}
