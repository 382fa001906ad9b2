package dev.autopool.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a live process's peak resident set size ({@code VmHWM}) from Linux's {@code /proc}. */
final class PeakRss {
    private PeakRss() {}

    /** The peak RSS in KiB, or -1 where {@code /proc} does not say (another OS, or the process is gone). */
    static long kilobytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process exited between two polls, or this is not Linux: no reading this time
        }
        return -1;
    }
}
