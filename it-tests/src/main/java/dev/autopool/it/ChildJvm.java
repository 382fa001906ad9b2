package dev.autopool.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts the sample app (or any jar) in a child JVM, with or without the agent, and captures what it prints. */
public final class ChildJvm {
    private final Path javaHome;
    private final List<String> jvmArgs = new ArrayList<>();

    private ChildJvm(Path javaHome) {
        this.javaHome = javaHome;
    }

    /** A child on the JDK named by {@code -Dautopool.it.javaHome}, or else the one running this code. */
    public static ChildJvm create() {
        String home = System.getProperty("autopool.it.javaHome", System.getProperty("java.home"));
        return new ChildJvm(Path.of(home));
    }

    public static ChildJvm onJdk(Path javaHome) {
        return new ChildJvm(javaHome);
    }

    /** Adds {@code -javaagent:AGENT=ARGS}. */
    public ChildJvm withAgent(Path agentJar, String agentArgs) {
        jvmArgs.add("-javaagent:" + agentJar.toAbsolutePath() + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        return this;
    }

    public ChildJvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    /** Runs {@code java JVMARGS -jar JAR ARGS}, waiting at most {@code timeoutSeconds}. */
    public ChildRun runJar(Path jar, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return run(List.of("-jar", jar.toAbsolutePath().toString()), timeoutSeconds, args);
    }

    /**
     * Runs {@code java JVMARGS -cp CLASSPATH MAIN ARGS}, e.g. a fixture app from the test class path
     * ({@code System.getProperty("java.class.path")}), waiting at most {@code timeoutSeconds}.
     */
    public ChildRun runClass(String classpath, String mainClass, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        return run(List.of("-cp", classpath, mainClass), timeoutSeconds, args);
    }

    private ChildRun run(List<String> target, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(target);
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("autopool-child", ".out");
        Path err = Files.createTempFile("autopool-child", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("child JVM timed out after " + timeoutSeconds + " s: " + cmd
                        + "\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new ChildRun(cmd, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
