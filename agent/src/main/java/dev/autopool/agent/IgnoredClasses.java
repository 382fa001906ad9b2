package dev.autopool.agent;

import dev.autopool.agent.analysis.JdkClasses;

/**
 * Classes the agent never rewrites: its own, the runtime's, relocated third-party code, ONNX Runtime and the JDK,
 * plus anything the bootstrap loader defines. Checked by name before a class's bytes are looked at.
 */
final class IgnoredClasses {
    private static final String[] PREFIXES = {
        "dev/autopool/agent/", "dev/autopool/runtime/", "dev/autopool/shaded/",
        "ai/onnxruntime/",
    };

    private IgnoredClasses() {}

    /** Whether the name is the JDK's or autopool's own (or relocated third-party code inside the agent). */
    static boolean isPlatformOrAutopool(String internalName) {
        for (String prefix : PREFIXES) {
            if (internalName.startsWith(prefix)) return true;
        }
        return JdkClasses.contains(internalName);
    }

    /** Whether the class with this internal name, defined by {@code loader}, is left alone. */
    static boolean ignores(String internalName, ClassLoader loader) {
        if (internalName == null || loader == null) return true;
        return isPlatformOrAutopool(internalName);
    }
}
