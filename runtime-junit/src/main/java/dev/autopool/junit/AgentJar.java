package dev.autopool.junit;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the autopool agent jar is, for attaching it at run time: the system property {@code autopool.agent.jar}
 * if set, else the jar on the test class path that holds the agent's nested runtime
 * ({@code META-INF/autopool/autopool-runtime.jar}), which is {@code dev.autopool:autopool-agent} whenever the
 * build lists it as a test dependency (as the README's surefire and Gradle snippets do).
 */
final class AgentJar {
    static final String PROPERTY = "autopool.agent.jar";
    static final String MARKER = "META-INF/autopool/autopool-runtime.jar";

    private AgentJar() {}

    /** The agent jar, or a sentence saying why none was found (as the exception's message). */
    static Path locate(String property, ClassLoader testLoader) throws NotFound {
        if (property != null && !property.isBlank()) {
            Path jar = Path.of(property);
            if (!Files.isRegularFile(jar)) {
                throw new NotFound("-D" + PROPERTY + "=" + property + " names no file");
            }
            return jar;
        }
        URL marker = testLoader == null ? null : testLoader.getResource(MARKER);
        Path jar = marker == null ? null : jarOf(marker);
        if (jar == null) {
            throw new NotFound("dev.autopool:autopool-agent is not on the test class path and -D" + PROPERTY
                    + " is not set");
        }
        return jar;
    }

    /** {@code jar:file:/x/autopool-agent.jar!/META-INF/...} to {@code /x/autopool-agent.jar}; null otherwise. */
    private static Path jarOf(URL marker) {
        String url = marker.toString();
        int bang = url.indexOf("!/");
        if (!url.startsWith("jar:file:") || bang < 0) return null;
        try {
            Path jar = Path.of(new java.net.URI(url.substring("jar:".length(), bang)));
            return Files.isRegularFile(jar) ? jar : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** No agent jar to attach. */
    static final class NotFound extends Exception {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }
}
