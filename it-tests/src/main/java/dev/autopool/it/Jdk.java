package dev.autopool.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JDK the suite runs children on: the one running the build (JDK 17 by default) always, and the newest one
 * installed here ({@code -Dautopool.it.newestJdk}, by default Temurin 25) when it exists.
 */
public record Jdk(String version, Path home) {
    private static final String NEWEST_DEFAULT = "/usr/lib/jvm/temurin-25-jdk-amd64";

    /** The JDK running this code. */
    public static Jdk current() {
        Path home = Path.of(System.getProperty("autopool.it.javaHome", System.getProperty("java.home")));
        return of(home);
    }

    /** The current JDK, then the newest installed JDK if it is a different one. */
    public static List<Jdk> installed() {
        List<Jdk> jdks = new ArrayList<>();
        Jdk current = current();
        jdks.add(current);
        Path newest = Path.of(System.getProperty("autopool.it.newestJdk", NEWEST_DEFAULT));
        if (Files.isExecutable(newest.resolve("bin/java")) && !newest.toAbsolutePath().normalize()
                .equals(current.home().toAbsolutePath().normalize())) {
            jdks.add(of(newest));
        }
        return jdks;
    }

    static Jdk of(Path home) {
        return new Jdk(versionOf(home), home);
    }

    /** {@code JAVA_VERSION} from the JDK's {@code release} file, e.g. {@code 17.0.15}. */
    private static String versionOf(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return line.substring("JAVA_VERSION=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // fall through: an unnamed JDK still runs
        }
        return home.getFileName().toString();
    }

    @Override
    public String toString() {
        return "JDK " + version;
    }
}
