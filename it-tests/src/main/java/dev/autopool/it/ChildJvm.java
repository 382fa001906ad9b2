package dev.autopool.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the sample app (or any jar or class) in a child JVM, with or without the agent, and captures what it
 * printed, how long it ran and its peak resident memory. A child that outlives its timeout is killed and
 * reported with its standard error.
 */
public final class ChildJvm {
    private static final long RSS_POLL_MILLIS = 20;

    private final Path javaHome;
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> awaited = new ArrayList<>();

    private ChildJvm(Path javaHome) {
        this.javaHome = javaHome;
    }

    /** A child on the JDK named by {@code -Dautopool.it.javaHome}, or else the one running this code. */
    public static ChildJvm create() {
        String home = System.getProperty("autopool.it.javaHome", System.getProperty("java.home"));
        return new ChildJvm(Path.of(home));
    }

    /** A child on the JDK installed at {@code javaHome}. */
    public static ChildJvm onJdk(Path javaHome) {
        return new ChildJvm(javaHome);
    }

    /** A child on the given JDK. */
    public static ChildJvm onJdk(Jdk jdk) {
        return new ChildJvm(jdk.home());
    }

    /** Adds {@code -javaagent:AGENT=ARGS}. */
    public ChildJvm withAgent(Path agentJar, String agentArgs) {
        jvmArgs.add("-javaagent:" + agentJar.toAbsolutePath() + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        return this;
    }

    /** Records the child with JDK Flight Recorder into {@code jfrFile}, using the given {@code .jfc} settings. */
    public ChildJvm withFlightRecording(Path jfrFile, Path settings) {
        jvmArgs.add("-XX:StartFlightRecording:filename=" + jfrFile.toAbsolutePath() + ",settings="
                + settings.toAbsolutePath());
        return this;
    }

    public ChildJvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    public ChildJvm jvmArgs(List<String> args) {
        jvmArgs.addAll(args);
        return this;
    }

    /**
     * Tells the child when it has printed every one of {@code texts} (on either stream) by writing a line to its
     * standard input and closing it; a child that is told nothing sees its input closed at start. Fixture apps
     * use this to keep the runtime busy until the report a test waits for has appeared, instead of sleeping.
     */
    public ChildJvm signalWhenPrinted(String... texts) {
        awaited.addAll(List.of(texts));
        return this;
    }

    public ChildJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Path javaHome() {
        return javaHome;
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
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            long t0 = System.nanoTime();
            Process p = builder.start();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            long peakRssKb = -1;
            boolean signalled = awaited.isEmpty();
            if (signalled) p.getOutputStream().close();
            // VmHWM is gone once the process has exited, so it is read while the child runs; being a
            // high-water mark, the last reading is the peak up to a few milliseconds before exit.
            while (!p.waitFor(RSS_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                peakRssKb = Math.max(peakRssKb, PeakRss.kilobytes(p.pid()));
                if (!signalled && printedAll(out, err)) {
                    signalled = true;
                    signal(p);
                }
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly().waitFor();
                    throw new IllegalStateException("child JVM timed out after " + timeoutSeconds + " s: "
                            + String.join(" ", cmd) + "\n" + Files.readString(err, StandardCharsets.UTF_8));
                }
            }
            if (!signalled) p.getOutputStream().close();
            long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            return new ChildRun(cmd, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), wallMs, peakRssKb);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private boolean printedAll(Path out, Path err) throws IOException {
        // Latin-1 never fails on a multi-byte character cut in half by a write in progress.
        String printed = Files.readString(out, StandardCharsets.ISO_8859_1)
                + Files.readString(err, StandardCharsets.ISO_8859_1);
        return awaited.stream().allMatch(printed::contains);
    }

    private static void signal(Process p) {
        try (var in = p.getOutputStream()) {
            in.write('\n');
        } catch (IOException e) {
            // the child exited meanwhile: nothing left to tell it
        }
    }
}
