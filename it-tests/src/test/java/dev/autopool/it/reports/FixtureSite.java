package dev.autopool.it.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The call site a report must name, found from a {@code // site: NAME} marker in the fixture's source, so the
 * expected {@code Class.method(File.java:line)} follows the fixture when its lines move.
 */
final class FixtureSite {
    private static final Path TEST_SOURCES = Path.of("src/test/java");

    private FixtureSite() {}

    /** {@code pkg.Fixture.method(Fixture.java:LINE)} for the line marked {@code // site: marker}. */
    static String of(Class<?> fixture, String method, String marker) {
        Path source = TEST_SOURCES.resolve(fixture.getName().replace('.', '/') + ".java");
        try {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).trim().endsWith("// site: " + marker)) {
                    return fixture.getName() + "." + method + "(" + fixture.getSimpleName() + ".java:" + (i + 1) + ")";
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the fixture's source " + source.toAbsolutePath(), e);
        }
        throw new IllegalStateException("no '// site: " + marker + "' marker in " + source);
    }
}
