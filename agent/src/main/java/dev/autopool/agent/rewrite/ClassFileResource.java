package dev.autopool.agent.rewrite;

import java.io.IOException;
import java.io.InputStream;

/** A class's file as its loader has it, read as a resource, without loading the class. */
public final class ClassFileResource {
    private ClassFileResource() {}

    /**
     * The bytes of {@code internalName}'s class file from {@code loader} (the system loader's resources when null),
     * or null when it has none or reading fails: callers then treat the class as unknown.
     */
    public static byte[] read(ClassLoader loader, String internalName) {
        String resource = internalName + ".class";
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
