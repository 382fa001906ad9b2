package dev.autopool.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

/**
 * Puts the runtime, which travels inside the agent jar as a nested jar, on the bootstrap search path, so that
 * classes rewritten in any class loader can call it. Done once, before any runtime class is loaded.
 *
 * <p>The jar is extracted to {@code autopool-runtime-<crc>.jar} in the temporary directory and reused by later
 * runs when its bytes match: a fresh random temporary file would cost a {@code SecureRandom} seeding, the
 * largest part of the agent's start-up on an idle entropy pool.
 */
final class RuntimeJar {
    static final String RESOURCE = "/META-INF/autopool/autopool-runtime.jar";

    private RuntimeJar() {}

    static void appendToBootstrap(Instrumentation inst) throws IOException {
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
            jar = extracted(bytes);
        } catch (IOException | SecurityException e) {
            // The shared name is taken by someone else's file we may not replace: a private copy then.
            jar = Files.createTempFile("autopool-runtime", ".jar");
            jar.toFile().deleteOnExit();
            Files.write(jar, bytes);
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    }

    private static Path extracted(byte[] bytes) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        Path jar = dir.resolve("autopool-runtime-" + HexFormat.of().toHexDigits((int) crc.getValue()) + "-"
                + bytes.length + ".jar");
        if (Files.isRegularFile(jar) && Arrays.equals(Files.readAllBytes(jar), bytes)) {
            return jar;
        }
        // Written under a name of this process, then moved into place, so concurrent starts never see half a jar.
        Path partial = dir.resolve(jar.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        Files.write(partial, bytes);
        try {
            Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        return jar;
    }
}
