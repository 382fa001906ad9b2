package dev.autopool.runtime.report;

import java.util.Map;

/**
 * The runtime's settings (the pools' budget and sizes, leak detection, foreign returns, the ONNX buffer cap, and
 * which sites may skip zeroing) decide whether memory is shared between borrowers, and the runtime sits on the
 * bootstrap class path where every class in the JVM can call it. So they are applied once and then sealed:
 *
 * <ul>
 *   <li>with the agent, at the end of {@code premain}/{@code agentmain}, whether or not any setting was given;</li>
 *   <li>without it (the runtime used as a library), by the app's first {@link dev.autopool.runtime.Autopool#configure} (or
 *       {@code TrackingSettings.apply}) call, which applies every key it is given.</li>
 * </ul>
 *
 * Every later call of a public setter is refused with one {@code autopool CONFIG refused ...} line naming the
 * caller, and changes nothing. Sealing cannot be undone (tests reopen it through package-private code).
 *
 * <p>It lives in {@code report}, the lowest layer that can log the refusal, so that the settings of where lines go
 * ({@link ReportSettings}) are sealed too: a setter there that skipped the seal would let any class silence every
 * {@code LEAK} line or send the exit block to a file of its choosing.
 */
public final class SettingsSeal {
    /** The sentence a refused setter returns among its problems. */
    public static final String REFUSED = "refused: the runtime's settings are sealed once applied";

    private static volatile boolean sealed;

    private SettingsSeal() {}

    /** Seals the settings in force now; later setter calls are refused. Idempotent; anyone may seal. */
    public static void seal() {
        sealed = true;
    }

    /** Whether the settings are sealed. */
    public static boolean isSealed() {
        return sealed;
    }

    /**
     * For each public setter of the runtime, before it changes anything: true while the settings are open; once
     * sealed, logs the refusal line naming {@code setter}, what was asked and who asked, and returns false.
     */
    public static boolean mayChange(String setter, Object requested) {
        if (!sealed) {
            return true;
        }
        ReportLog.warn(refusalLine(setter, requested, Caller.outsideRuntime()), null);
        return false;
    }

    static String refusalLine(String setter, Object requested, String caller) {
        return "autopool CONFIG refused " + setter + " " + describe(requested) + " from " + caller
                + ": the runtime's settings are sealed once applied (by the agent at start-up, or without an agent "
                + "by the app's first Autopool.configure); the settings in force are unchanged. Give settings as "
                + "agent arguments or in the rules file.";
    }

    /** The requested settings on one line, control characters replaced so they cannot forge further lines. */
    private static String describe(Object requested) {
        String text;
        if (requested instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(sb.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
            }
            text = sb.toString();
        } else {
            text = String.valueOf(requested);
        }
        StringBuilder clean = new StringBuilder(Math.min(text.length(), 300));
        for (int i = 0; i < text.length() && i < 300; i++) {
            char c = text.charAt(i);
            clean.append(Character.isISOControl(c) ? '?' : c);
        }
        return text.length() > 300 ? clean + "..." : clean.toString();
    }

    /** Reopens the settings: tests that exercise the first configuration start from an unsealed runtime. */
    static void reopenForTests() {
        sealed = false;
    }

    /** The first frame of the calling thread outside the runtime's setters, as a stack trace prints it. */
    private static final class Caller {
        private static final java.util.Set<String> SETTERS = java.util.Set.of(SettingsSeal.class.getName(),
                Caller.class.getName(), "dev.autopool.runtime.Autopool", "dev.autopool.runtime.Sites",
                "dev.autopool.runtime.track.TrackingSettings", "dev.autopool.runtime.pool.PoolHousekeeper",
                "dev.autopool.runtime.onnx.OnnxTensors", "dev.autopool.runtime.settings.LogSettings",
                ReportSettings.class.getName(), ReportLog.class.getName());

        static String outsideRuntime() {
            StackTraceElement[] stack = new Throwable().getStackTrace();
            for (StackTraceElement frame : stack) {
                if (!SETTERS.contains(frame.getClassName())) {
                    String where = frame.getFileName() == null ? "Unknown Source"
                            : frame.getLineNumber() > 0 ? frame.getFileName() + ":" + frame.getLineNumber()
                            : frame.getFileName();
                    return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
                }
            }
            return "an unknown caller";
        }
    }
}
