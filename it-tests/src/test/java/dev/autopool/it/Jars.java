package dev.autopool.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** The packaged artifacts the build hands to the integration tests. */
public final class Jars {
    private Jars() {}

    public static Path agent() {
        return existing("autopool.agentJar");
    }

    public static Path sample() {
        return existing("autopool.sampleJar");
    }

    public static Path sampleConfig() {
        return existing("autopool.sampleConf");
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("-D" + property + " is not set; run the tests through Maven");
        }
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + " points to a missing file: " + path);
        }
        return path;
    }
}
