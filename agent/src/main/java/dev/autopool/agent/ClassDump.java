package dev.autopool.agent;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a rewritten class file under the {@code dump=} directory in one step: the bytes go to a temporary file
 * (not named {@code .class}) which then replaces the class file atomically, so a JVM that exits mid-write (the
 * transformer runs on app threads that a shutdown does not wait for) leaves the old file or the new one, never an
 * empty or half-written class file for a tool to choke on.
 */
final class ClassDump {
    private ClassDump() {}

    /** Writes {@code bytes} as {@code dir/className.class} ({@code className} in internal form, with slashes). */
    static Path write(Path dir, String className, byte[] bytes) throws IOException {
        Path file = dir.resolve(className + ".class");
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            Files.write(temp, bytes);
            move(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
        return file;
    }

    private static void move(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // A file system without atomic renames: a plain replace of the complete temporary file is the best
            // it offers (the class file still never exists empty).
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
