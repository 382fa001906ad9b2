package dev.autopool.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.jar.JarFile;

/**
 * Puts the runtime, which travels inside the agent jar as a nested jar, on the bootstrap search path, so that
 * classes rewritten in any class loader can call it. Done once per JVM, before any runtime class is loaded.
 *
 * <p>Every class in the JVM trusts what the bootstrap path holds, so the jar is never one another user could have
 * put there or could still change: it is written fresh ({@code CREATE_NEW}, never reused) as
 * {@code autopool-runtime-<pid>.jar} into the {@link RuntimeJarDirectory per-user directory}, deleted at exit, and
 * jars of processes that died without deleting theirs are removed at the next start. No {@code SecureRandom} on
 * this path (seeding one was once the largest part of the agent's start-up): the name is the pid, which the
 * directory's ownership makes safe to predict.
 */
final class RuntimeJar {
    static final String RESOURCE = "/META-INF/autopool/autopool-runtime.jar";
    static final String PREFIX = "autopool-runtime-";
    static final String SUFFIX = ".jar";

    // A second attach to the same JVM must not put a second copy of the runtime on the path.
    private static boolean appended;

    private RuntimeJar() {}

    static synchronized void appendToBootstrap(Instrumentation inst) throws IOException {
        if (appended) {
            return;
        }
        byte[] bytes;
        try (InputStream in = RuntimeJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                // Running from classes on a class path (the agent's own tests): the runtime is already visible.
                return;
            }
            bytes = in.readAllBytes();
        }
        Path jar;
        try {
            jar = extract(bytes, RuntimeJarDirectory.forThisUser());
        } catch (IOException e) {
            EarlyLog.warning("autopool AGENT could not write the runtime jar to the per-user directory (" + e
                    + "); using a private temporary directory instead");
            jar = extract(bytes, RuntimeJarDirectory.privateDirectory(Path.of(System.getProperty("java.io.tmpdir"))));
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
        appended = true;
    }

    /** Writes the runtime jar for this process into {@code dir} and deletes it at exit; returns where it is. */
    static Path extract(byte[] bytes, Path dir) throws IOException {
        long pid = Pids.self();
        removeJarsOfDeadProcesses(dir, pid);
        Path jar = dir.resolve(PREFIX + pid + SUFFIX);
        // Only this user can write here, so a file under our own pid is a leftover of an earlier process that had
        // the same pid (containers often start every JVM as pid 1): never reused, replaced.
        Files.deleteIfExists(jar);
        writeNew(jar, bytes);
        // The JVM keeps the jar open on the bootstrap path; deleting an open file only unlinks its name.
        jar.toFile().deleteOnExit();
        return jar;
    }

    /** {@code CREATE_NEW} fails on anything already at {@code jar}, a symbolic link included (O_EXCL). */
    private static void writeNew(Path jar, byte[] bytes) throws IOException {
        EnumSet<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (SeekableByteChannel out = RuntimeJarDirectory.posix(jar)
                ? Files.newByteChannel(jar, options, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")))
                : Files.newByteChannel(jar, options)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
    }

    /** Deletes {@code autopool-runtime-<pid>.jar} files whose process is gone (killed before its exit hooks ran). */
    static void removeJarsOfDeadProcesses(Path dir, long self) {
        String[] names = dir.toFile().list();
        if (names == null) {
            return;
        }
        for (String name : names) {
            long pid = pidOf(name);
            if (pid > 0 && pid != self && !Pids.alive(pid)) {
                try {
                    Files.deleteIfExists(dir.resolve(name));
                } catch (IOException e) {
                    // another starting JVM removed it first, or it is not ours to remove: harmless either way
                }
            }
        }
    }

    /** The pid in {@code autopool-runtime-<pid>.jar}, or -1 for any other name. */
    static long pidOf(String name) {
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return -1;
        }
        String digits = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
        if (digits.isEmpty() || digits.length() > 18) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }
}
