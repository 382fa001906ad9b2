package dev.autopool.agent;

/**
 * Lines from before the runtime is on the bootstrap class path (extracting the runtime jar): they cannot go
 * through the runtime's {@code ReportLog}, and a class that names it would fail to link for good, so they go
 * straight to standard error in the same one-line format.
 */
final class EarlyLog {
    private EarlyLog() {}

    static void warning(String line) {
        System.err.println("WARNING: " + line);
    }
}
