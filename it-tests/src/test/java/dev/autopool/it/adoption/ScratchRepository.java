package dev.autopool.it.adoption;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A Maven local repository of its own for an external build: this build's artifacts laid out as {@code mvn
 * install} lays them out (each module's main artifact and installed POM: for the agent the shaded jar and the
 * dependency-reduced POM), and every third-party artifact copied on demand from the developer's repository,
 * which the settings file names as a read-only {@code file:} mirror. The external build so runs offline and
 * never writes to {@code ~/.m2}.
 */
final class ScratchRepository {
    private static final String GROUP = "dev/autopool";

    final Path dir;
    final Path settings;
    final String version;

    private ScratchRepository(Path dir, Path settings, String version) {
        this.dir = dir;
        this.settings = settings;
        this.version = version;
    }

    /** Installs the reactor's artifacts into a fresh repository at {@code dir}. */
    static ScratchRepository seed(Path dir) throws IOException {
        Path root = Path.of(property("autopool.rootDir"));
        String version = property("autopool.version");
        ScratchRepository repo = new ScratchRepository(dir.resolve("repository"), dir.resolve("settings.xml"),
                version);
        // This build's artifacts fresh every time; third-party ones copied by an earlier run are kept (under
        // target/, so mvn clean removes them), which saves copying some 300 files per run.
        deleteRecursively(repo.dir.resolve(GROUP));
        Files.createDirectories(repo.dir);
        repo.install("autopool-parent", root.resolve("pom.xml"), null);
        repo.install("autopool-runtime", root.resolve("runtime/pom.xml"),
                root.resolve("runtime/target/autopool-runtime-" + version + ".jar"));
        repo.install("autopool-junit", root.resolve("runtime-junit/pom.xml"),
                root.resolve("runtime-junit/target/autopool-junit-" + version + ".jar"));
        // The agent module's artifact: target/autopool-agent.jar is the file the shade plugin made the project's
        // artifact, and the dependency-reduced POM the one it made the project's POM; install copies those two.
        repo.install("autopool-agent", root.resolve("agent/target/dependency-reduced-pom.xml"),
                root.resolve("agent/target/autopool-agent.jar"));
        Path seed = Path.of(property("autopool.seedRepository"));
        Files.writeString(repo.settings, """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>seed</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(seed.toUri()));
        return repo;
    }

    /** Where the installed agent jar is, as {@code ${dev.autopool:autopool-agent:jar}} will name it. */
    Path agentJar() {
        return artifactDir("autopool-agent").resolve("autopool-agent-" + version + ".jar");
    }

    private void install(String artifactId, Path pom, Path jar) throws IOException {
        Path target = artifactDir(artifactId);
        Files.createDirectories(target);
        requireFile(pom);
        Files.copy(pom, target.resolve(artifactId + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            requireFile(jar);
            Files.copy(jar, target.resolve(artifactId + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Path artifactDir(String artifactId) {
        return dir.resolve(GROUP).resolve(artifactId).resolve(version);
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing; build the reactor (mvn verify) first");
        }
    }

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) throw new IllegalStateException("-D" + name + " is not set; run the tests through Maven");
        return value;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
