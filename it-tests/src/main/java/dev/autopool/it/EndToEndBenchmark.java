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
            String[] cmd = SampleCommands.decoderBench(images, threads, 1, 3);
            md.append(section("Decoder, " + threads + " thread(s): `bench` over " + images.size() + " generated "
                    + "photos (" + imageList + ") with `--epf 3`", cmd, List.of(Metric.WALL_MS, Metric.WORK_MS,
                    Metric.ALLOC_MB, Metric.GC_PAUSES, Metric.GC_PAUSE_MS, Metric.PEAK_RSS_MB), true));
        }
        String[] steady = SampleCommands.predictorBench(quick ? 100 : 300, 2, true);
        md.append(section("Predictor, steady state: `predict-bench` with warm-up on 2 threads", steady,
                List.of(Metric.WALL_MS, Metric.WORK_MS, Metric.P50_MS, Metric.ALLOC_MB, Metric.DIRECT_MB,
                        Metric.GC_PAUSES, Metric.GC_PAUSE_MS, Metric.PEAK_RSS_MB), false));
        String[] first = SampleCommands.predictorBench(1, 1, false);
        md.append(section("Predictor, first prediction: one swipe on a fresh JVM, no warm-up", first,
                List.of(Metric.WALL_MS, Metric.FIRST_MS, Metric.ALLOC_MB, Metric.DIRECT_MB, Metric.PEAK_RSS_MB),
                false));
        md.append(startup(first));

        Path report = Files.writeString(out.resolve("end-to-end.md"), md.toString());
        System.out.println(md);
        System.out.println("written to " + root.relativize(report));
    }

    /** One workload under every configuration: a Markdown table of each metric and its ratio to no agent. */
    private String section(String title, String[] args, List<Metric> metrics, boolean decoderGoals) throws Exception {
        System.out.println("== " + title);
        Map<String, ChildRun> runs = new LinkedHashMap<>();
        for (Map.Entry<String, String> config : CONFIGS.entrySet()) {
            System.out.println("   " + config.getKey() + " ...");
            ChildJvm child = ChildJvm.create().jvmArgs(heap);
            if (config.getValue() != null) child.withAgent(agent, "config=" + rules + "," + config.getValue());
            ChildRun run = child.runJar(sample, TIMEOUT_SECONDS, args);
            if (run.exitCode() != 0) {
                System.out.println("   FAILED:\n" + run);
            }
            runs.put(config.getKey(), run);
        }
        ChildRun baseline = runs.get("no agent");
        StringBuilder md = new StringBuilder("### ").append(title).append("\n\n`java -jar autopool-sample.jar ")
                .append(String.join(" ", relative(args))).append("`\n\n| configuration |");
        metrics.forEach(m -> md.append(' ').append(m.label()).append(" |"));
        md.append(" same answers | leaks found |\n|---|").append("---:|".repeat(metrics.size() + 2)).append('\n');
        for (Map.Entry<String, ChildRun> e : runs.entrySet()) {
            ChildRun run = e.getValue();
            md.append("| ").append(e.getKey()).append(" |");
            for (Metric m : metrics) {
                md.append(' ').append(m.format(run));
                if (run != baseline) md.append(" (").append(m.ratio(run, baseline)).append(')');
                md.append(" |");
            }
            md.append(' ').append(run == baseline ? "-" : sameAnswers(run, baseline) ? "yes" : "**NO**")
                    .append(" | ").append(run.leaksFound()).append(" |\n");
        }
        if (decoderGoals) {
            ChildRun sampled = runs.get("leak=sampled");
            md.append("\nGoals at the default leak level (sampled): ")
                    .append(goal("bytes allocated", Metric.ALLOC_MB, sampled, baseline, 0.10)).append("; ")
                    .append(goal("GC count", Metric.GC_PAUSES, sampled, baseline, 0.20)).append("; ")
                    .append(goal("wall time", Metric.WALL_MS, sampled, baseline, 0.85)).append(".\n");
        }
        return md.append('\n').toString();
    }

    /** Agent start-up: the wall time of a one-swipe run with and without the agent, medians of several runs. */
    private String startup(String[] args) throws Exception {
        System.out.println("== start-up");
        double[] without = new double[STARTUP_RUNS];
        double[] with = new double[STARTUP_RUNS];
        for (int i = 0; i < STARTUP_RUNS; i++) {
            without[i] = ChildJvm.create().jvmArgs(heap).runJar(sample, TIMEOUT_SECONDS, args).wallMs();
            with[i] = ChildJvm.create().jvmArgs(heap).withAgent(agent, "config=" + rules)
                    .runJar(sample, TIMEOUT_SECONDS, args).wallMs();
        }
        double a = median(without);
        double b = median(with);
        return String.format(Locale.ROOT, "### Agent start-up%n%nWall time of the one-swipe run above (JVM start to "
                + "exit), median of %d runs each, interleaved: %.0f ms without the agent, %.0f ms with it: "
                + "**%+.0f ms** (goal: at most +300 ms, %s).%n%n", STARTUP_RUNS, a, b, b - a,
                b - a <= 300 ? "met" : "**missed**");
    }

    private static String goal(String what, Metric metric, ChildRun run, ChildRun baseline, double atMost) {
        OptionalDouble a = metric.of(run);
        OptionalDouble b = metric.of(baseline);
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

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double totalRamGib() {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        return os.getTotalMemorySize() / (double) (1L << 30);
    }
}
