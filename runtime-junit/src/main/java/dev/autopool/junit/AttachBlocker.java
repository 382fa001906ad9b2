package dev.autopool.junit;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Why this JVM will refuse an agent loaded at run time, when that can be told beforehand: then the test fails
 * with that reason at once instead of after a forked attacher gave up with a vaguer one.
 */
final class AttachBlocker {
    private AttachBlocker() {}

    /** The reason, or null when attaching may work. */
    static String reason() {
        if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
            return "this Java runtime has no jdk.attach module (a JRE or a jlink image without it)";
        }
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotspot != null && "false".equals(hotspot.getVMOption("EnableDynamicAgentLoading").getValue())) {
                return "the JVM runs with -XX:-EnableDynamicAgentLoading";
            }
        } catch (RuntimeException | LinkageError e) {
            // Not HotSpot, or no java.management / jdk.management: let the attach itself tell.
        }
        return null;
    }
}
