package dev.autopool.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The end-to-end benchmark ({@code benchmarks/run-end-to-end.sh}): in one run and on the same inputs, each
 * sample workload without the agent and with it at leak levels off, sampled and paranoid, reporting each
 * cost as a ratio to no agent, and the goals (decoder bytes -90 %, GC count -80 %, wall time -15 %; agent
 * start-up +300 ms at most). Configurations are interleaved run by run so drift on a shared machine spreads
 * over all of them. Writes Markdown to {@code target/benchmarks/end-to-end.md} and standard output.
 * Usage: {@code EndToEndBenchmark PROJECT_ROOT [--quick]} ({@code --quick}: small inputs, to try the harness).
 */
public final class EndToEndBenchmark {
    private static final long TIMEOUT_SECONDS = 1800;
    /** One-swipe runs per configuration: a fresh JVM's first prediction varies a lot from run to run. */
    private static final int STARTUP_RUNS = 5;

    /** The agent settings compared; {@code null} runs without the agent. */
    private static final Map<String, String> CONFIGS = new LinkedHashMap<>();

    static {
        CONFIGS.put("no agent", null);
        CONFIGS.put("leak=off", "leak=off");
        CONFIGS.put("leak=sampled", "leak=sampled");
        CONFIGS.put("leak=paranoid", "leak=paranoid");
    }

    private final Path root;
    private final Path out;
    private final Path agent;
    private final Path sample;
    private final Path rules;
    private final List<String> heap;

    private EndToEndBenchmark(Path root, List<String> heap) {
        this.root = root;
        this.out = root.resolve("target/benchmarks");
        this.agent = root.resolve("agent/target/autopool-agent.jar");
        this.sample = root.resolve("sample-app/target/autopool-sample.jar");
        this.rules = root.resolve("sample-app/autopool.conf");
        this.heap = heap;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        boolean quick = Arrays.asList(args).contains("--quick");
        new EndToEndBenchmark(root, List.of("-Xmx6g", Metric.GC_LOG)).run(quick);
    }

    private void run(boolean quick) throws Exception {
        Files.createDirectories(out);
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Machine: %d cores, %s (%s), %.0f GiB RAM; child JVMs %s; %s.%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), totalRamGib(), String.join(" ", heap),
                "ratios are to the no-agent run of the same workload, measured in the same invocation"));

        double[] megapixels = quick ? new double[] {0.5, 1} : new double[] {2, 4, 8, 16};
        List<Path> images = new ArrayList<>();
        for (double mp : megapixels) {
            images.addAll(SampleImages.ensure(out.resolve("images"), mp, 1));
        }
        String imageList = Arrays.toString(megapixels).replace("[", "").replace("]", "") + " MP";
        for (int threads : new int[] {1, 2}) {
            String[] cmd = SampleCommands.decoderBench(images, threads, quick ? 1 : 3, 3);
            md.append(section("Decoder, " + threads + " thread(s): `bench` over " + images.size() + " generated "
                    + "photos (" + imageList + ") with `--epf 3`", cmd, List.of(Metric.WALL_MS, Metric.WORK_MS,
                    Metric.ALLOC_MB, Metric.GC_PAUSES, Metric.GC_PAUSE_MS, Metric.PEAK_RSS_MB), 1,
                    EndToEndBenchmark::decoderGoals));
        }
        String[] steady = SampleCommands.predictorBench(quick ? 100 : 300, 2, true);
        md.append(section("Predictor, steady state: `predict-bench` with warm-up on 2 threads", steady,
                List.of(Metric.WALL_MS, Metric.WORK_MS, Metric.P50_MS, Metric.ALLOC_MB, Metric.DIRECT_MB,
                        Metric.GC_PAUSES, Metric.GC_PAUSE_MS, Metric.PEAK_RSS_MB), 1,
                EndToEndBenchmark::nothing));
        String[] first = SampleCommands.predictorBench(1, 1, false);
        md.append(section("Predictor, first prediction: one swipe on a fresh JVM, no warm-up", first,
                List.of(Metric.WALL_MS, Metric.FIRST_MS, Metric.ALLOC_MB, Metric.DIRECT_MB, Metric.PEAK_RSS_MB),
                STARTUP_RUNS, EndToEndBenchmark::startup));

        Path report = Files.writeString(out.resolve("end-to-end.md"), md.toString());
        System.out.println(md);
        System.out.println("written to " + root.relativize(report));
    }

    /** Each configuration's runs of one workload, in {@link #CONFIGS} order. */
    private record Runs(Map<String, List<ChildRun>> byConfig) {
        List<ChildRun> of(String config) {
            return byConfig.get(config);
        }
    }

    /**
     * One workload under every configuration, {@code repeats} times with the configurations interleaved: a
     * Markdown table of each metric (the median over the repeats) and its ratio to no agent.
     */
    private String section(String title, String[] args, List<Metric> metrics, int repeats,
                           Function<Runs, String> footer) throws Exception {
        Runs runs = run(title, args, repeats);
        List<ChildRun> baseline = runs.of("no agent");
        StringBuilder md = new StringBuilder("### ").append(title).append("\n\n`java -jar autopool-sample.jar ")
                .append(String.join(" ", relative(args))).append("`")
                .append(repeats > 1 ? " (each cell the median of " + repeats + " runs)" : "")
                .append("\n\n| configuration |");
        metrics.forEach(m -> md.append(' ').append(m.label()).append(" |"));
        md.append(" same answers | leaks found |\n|---|").append("---:|".repeat(metrics.size() + 2)).append('\n');
        for (Map.Entry<String, List<ChildRun>> e : runs.byConfig().entrySet()) {
            List<ChildRun> these = e.getValue();
            boolean isBaseline = these == baseline;
            md.append("| ").append(e.getKey()).append(" |");
            for (Metric m : metrics) {
                md.append(' ').append(Metric.format(m.median(these)));
                if (!isBaseline) md.append(" (").append(Metric.ratio(m.median(these), m.median(baseline))).append(')');
                md.append(" |");
            }
            boolean same = these.stream().allMatch(r -> sameAnswers(r, baseline.get(0)));
            long leaks = these.stream().mapToLong(ChildRun::leaksFound).max().orElse(0);
            md.append(' ').append(isBaseline ? "-" : same ? "yes" : "**NO**").append(" | ").append(leaks)
                    .append(" |\n");
        }
        return md.append(footer.apply(runs)).append('\n').toString();
    }

    /** The decoder's goals, at the default leak level: bytes -90 %, GC count -80 %, wall time -15 %. */
    private static String decoderGoals(Runs runs) {
        List<ChildRun> baseline = runs.of("no agent");
        List<ChildRun> sampled = runs.of("leak=sampled");
        return "\nGoals at the default leak level (sampled): "
                + goal("bytes allocated", Metric.ALLOC_MB, sampled, baseline, 0.10) + "; "
                + goal("GC count", Metric.GC_PAUSES, sampled, baseline, 0.20) + "; "
                + goal("wall time", Metric.WALL_MS, sampled, baseline, 0.85) + ".\n";
    }

    private static String nothing(Runs runs) {
        return "";
    }

    private Runs run(String title, String[] args, int repeats) throws Exception {
        System.out.println("== " + title);
        Map<String, List<ChildRun>> runs = new LinkedHashMap<>();
        for (int i = 0; i < repeats; i++) {
            for (Map.Entry<String, String> config : CONFIGS.entrySet()) {
                System.out.println("   " + config.getKey() + " ...");
                ChildJvm child = ChildJvm.create().jvmArgs(heap);
                if (config.getValue() != null) child.withAgent(agent, "config=" + rules + "," + config.getValue());
                ChildRun run = child.runJar(sample, TIMEOUT_SECONDS, args);
                if (run.exitCode() != 0) {
                    System.out.println("   FAILED:\n" + run);
                }
                runs.computeIfAbsent(config.getKey(), k -> new ArrayList<>()).add(run);
            }
        }
        return new Runs(runs);
    }

    /** Agent start-up: the median wall time of the one-swipe runs with the agent (default level) and without. */
    private static String startup(Runs runs) {
        OptionalDouble without = Metric.WALL_MS.median(runs.of("no agent"));
        OptionalDouble with = Metric.WALL_MS.median(runs.of("leak=sampled"));
        if (without.isEmpty() || with.isEmpty()) return "\nAgent start-up: not measured.\n";
        double added = with.getAsDouble() - without.getAsDouble();
        return String.format(Locale.ROOT, "%nAgent start-up (JVM start to exit of the one-swipe run, medians, agent "
                + "at the default level against no agent): **%+.0f ms** (goal: at most +300 ms, %s).%n", added,
                added <= 300 ? "met" : "**missed**");
    }

    private static String goal(String what, Metric metric, List<ChildRun> runs, List<ChildRun> baseline,
                               double atMost) {
        OptionalDouble a = metric.median(runs);
        OptionalDouble b = metric.median(baseline);
        if (a.isEmpty() || b.isEmpty() || b.getAsDouble() == 0) return what + " not measured";
        double ratio = a.getAsDouble() / b.getAsDouble();
        return String.format(Locale.ROOT, "%s %+.0f %% (goal %+.0f %%, %s)", what, 100 * (ratio - 1),
                100 * (atMost - 1), ratio <= atMost ? "met" : "**missed**");
    }

    private static boolean sameAnswers(ChildRun run, ChildRun baseline) {
        if (run.exitCode() != 0 || baseline.exitCode() != 0) return false;
        Map<String, String> a = run.result();
        Map<String, String> b = baseline.result();
        return a.get("checksum") != null && a.get("checksum").equals(b.get("checksum"));
    }

    private List<String> relative(String[] args) {
        return Arrays.stream(args).map(a -> a.startsWith(root.toString()) ? root.relativize(Path.of(a)).toString() : a)
                .toList();
    }

    private static double totalRamGib() {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        return os.getTotalMemorySize() / (double) (1L << 30);
    }
}
