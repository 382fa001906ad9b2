package dev.autopool.benchmarks.threads;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Threading models against no agent, in one run: {@link ThreadChurnApp} in forked JVMs without and with the
 * agent (a factory/release rule for its {@code Matrices}), alternating, {@code --runs} times each; prints one
 * Markdown table of medians (workload time, heap after GC, the pool's hit rate) for docs/benchmarks.md.
 *
 * <pre>
 * java -cp benchmarks/target/classes dev.autopool.benchmarks.threads.ThreadChurnBenchmark [--runs 3] [--quick]
 *     [--only virtual-short,platform-tasks,virtual-long,virtual-alive,virtual-waves]
 * </pre>
 * Run from the project root after {@code mvn -DskipTests package}; needs {@code agent/target/autopool-agent.jar},
 * JDK 17 as {@code java} on the path (or {@code --jdk17 DIR}) and Temurin 25 at {@code --jdk25 DIR} (default
 * {@code /usr/lib/jvm/temurin-25-jdk-amd64}).
 */
public final class ThreadChurnBenchmark {
    private ThreadChurnBenchmark() {}

    private record Scenario(String name, Path jdk, List<String> args) {}

    private record Run(long ms, long heapKb, String checksum, long borrows, long hits) {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> opts = options(argv);
        int runs = Integer.parseInt(opts.getOrDefault("runs", "3"));
        boolean quick = opts.containsKey("quick");
        Path jdk17 = Path.of(opts.getOrDefault("jdk17", System.getProperty("java.home")));
        Path jdk25 = Path.of(opts.getOrDefault("jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        Path agent = Path.of(opts.getOrDefault("agent", "agent/target/autopool-agent.jar"));
        if (!Files.exists(agent)) {
            throw new IllegalStateException(agent + " is missing: run mvn -DskipTests package first");
        }
        Path rules = Files.createTempFile("thread-churn", ".conf");
        String matrices = ThreadChurnApp.Matrices.class.getName();
        Files.writeString(rules, "factory " + matrices + "#float3d(int,int,int)\nrelease " + matrices
                + "#free(java.lang.Object)\n");
        int scale = quick ? 10 : 1;
        List<Scenario> scenarios = List.of(
                new Scenario("JDK 25, " + 100_000 / scale + " short-lived virtual threads", jdk25,
                        List.of("virtual-short", String.valueOf(100_000 / scale))),
                new Scenario("JDK 17, " + 40_000 / scale + " platform-thread tasks", jdk17,
                        List.of("platform-tasks", String.valueOf(40_000 / scale))),
                new Scenario("JDK 25, 100 long-lived virtual threads x " + 2_000 / scale + " tasks", jdk25,
                        List.of("virtual-long", "100", String.valueOf(2_000 / scale))),
                new Scenario("JDK 25, " + 100_000 / scale + " virtual threads alive at once", jdk25,
                        List.of("virtual-alive", String.valueOf(100_000 / scale))),
                new Scenario("JDK 25, " + 40 / scale + " waves of 10,000 virtual threads", jdk25,
                        List.of("virtual-waves", String.valueOf(40 / scale), "10000")));
        String only = opts.get("only");
        if (only != null) {
            // e.g. --only virtual-alive,virtual-waves: the scenarios whose mode is listed
            List<String> modes = List.of(only.split(","));
            scenarios = scenarios.stream().filter(s -> modes.contains(s.args().get(0))).toList();
        }

        StringBuilder table = new StringBuilder();
        table.append("| workload | no agent: ms | agent: ms | time ratio | no agent: heap after GC | agent: heap after GC"
                + " | heap delta | hit rate | same checksum |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Scenario s : scenarios) {
            List<Run> without = new ArrayList<>();
            List<Run> with = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                without.add(run(s, null));
                with.add(run(s, "-javaagent:" + agent.toAbsolutePath() + "=config=" + rules));
            }
            long msWithout = median(without.stream().mapToLong(Run::ms).toArray());
            long msWith = median(with.stream().mapToLong(Run::ms).toArray());
            long heapWithout = median(without.stream().mapToLong(Run::heapKb).toArray());
            long heapWith = median(with.stream().mapToLong(Run::heapKb).toArray());
            Run last = with.get(with.size() - 1);
            boolean same = with.stream().allMatch(w -> w.checksum().equals(without.get(0).checksum()));
            table.append(String.format("| %s | %d | %d | %.2f | %.1f MB | %.1f MB | %+.1f MB | %.2f %% | %s |%n",
                    s.name(), msWithout, msWith, (double) msWith / msWithout, heapWithout / 1024.0,
                    heapWith / 1024.0, (heapWith - heapWithout) / 1024.0,
                    last.borrows() == 0 ? 0 : 100.0 * last.hits() / last.borrows(), same ? "yes" : "NO"));
            System.err.println(s.name() + ": without " + without + "\n  with " + with);
        }
        System.out.print(table);
    }

    private static Run run(Scenario s, String agentFlag) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(s.jdk().resolve("bin/java").toString());
        cmd.add("-Xmx1g");
        if (agentFlag != null) {
            cmd.add(agentFlag);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ThreadChurnApp.class.getName());
        cmd.addAll(s.args());
        Path out = Files.createTempFile("thread-churn", ".out");
        Path err = Files.createTempFile("thread-churn", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Map<String, String> result = fields(stdout, "RESULT ");
        if (p.exitValue() != 0 || result.isEmpty()) {
            throw new IllegalStateException("failed: " + cmd + "\n" + stdout + stderr);
        }
        Map<String, String> summary = fields(stderr, "autopool SUMMARY ");
        return new Run(Long.parseLong(result.get("ms")), Long.parseLong(result.get("heapAfterGcKb")),
                result.get("checksum"), Long.parseLong(summary.getOrDefault("borrows", "0")),
                Long.parseLong(summary.getOrDefault("hits", "0")));
    }

    /** The {@code key=value} words of the last line starting with {@code prefix}. */
    private static Map<String, String> fields(String text, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        text.lines().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b).ifPresent(line -> {
            for (String word : line.substring(prefix.length()).split(" ")) {
                int eq = word.indexOf('=');
                if (eq > 0) {
                    out.put(word.substring(0, eq), word.substring(eq + 1));
                }
            }
        });
        return out;
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static Map<String, String> options(String[] argv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            boolean flag = a.equals("--quick");
            out.put(a.substring(2), flag ? "" : argv[++i]);
        }
        return out;
    }
}
