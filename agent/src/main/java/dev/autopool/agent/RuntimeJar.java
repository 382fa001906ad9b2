package dev.autopool.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * Puts the runtime, which travels inside the agent jar as a nested jar, on the bootstrap search path, so that
 * classes rewritten in any class loader can call it. Done once, before any runtime class is loaded.
 */
final class RuntimeJar {
    static final String RESOURCE = "/META-INF/autopool/autopool-runtime.jar";

    private RuntimeJar() {}

    static void appendToBootstrap(Instrumentation inst) throws IOException {
        try (InputStream in = RuntimeJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                // Running from classes on a class path (the agent's own tests): the runtime is already visible.
                return;
            }
            Path jar = Files.createTempFile("autopool-runtime", ".jar");
            jar.toFile().deleteOnExit();
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
        }
    }
}
