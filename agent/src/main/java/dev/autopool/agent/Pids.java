package dev.autopool.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * This process's id and whether another one is alive, read from {@code /proc} where there is one: the first use
 * of {@link ProcessHandle} initialises its process-reaper machinery, tens of milliseconds of the agent's start-up
 * on a loaded machine. Elsewhere {@link ProcessHandle} answers.
 */
final class Pids {
    private static final Path PROC = Path.of("/proc");

    private Pids() {}

    static long self() {
        try {
            return Long.parseLong(Files.readSymbolicLink(PROC.resolve("self")).toString());
        } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
            return ProcessHandle.current().pid();
        }
    }

    /** This process's (effective) uid, the owner of its {@code /proc} entry; null where that cannot be read. */
    static Integer uid() {
        try {
            Object uid = Files.getAttribute(PROC.resolve("self"), "unix:uid");
            return uid instanceof Integer i ? i : null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether a process with this id exists (a zombie counts: its jar goes at the next start after). */
    static boolean alive(long pid) {
        if (Files.isSymbolicLink(PROC.resolve("self"))) {
            return Files.exists(PROC.resolve(Long.toString(pid)), LinkOption.NOFOLLOW_LINKS);
        }
        return ProcessHandle.of(pid).isPresent();
    }
}
