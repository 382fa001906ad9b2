package dev.autopool.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The README's first command ({@code ./demo.sh}): runs each sample app on the same generated inputs without and
 * with the agent, prints a side-by-side table of what changed, shows the leak report autopool gives for an app
 * that forgets a release, and writes {@code target/demo/report.html} with charts of allocation over time.
 * Usage: {@code Demo PROJECT_ROOT [WORKLOAD...]} where a workload is {@code decoder}, {@code predictor} or
 * {@code frames} (default: the decoder and the predictor).
 */
public final class Demo {
    private static final long TIMEOUT_SECONDS = 300;
    private static final List<String> HEAP = List.of("-Xmx1g", Metric.GC_LOG);

    private final Path root;
    private final Path out;
    private final Path agent;
    private final Path sample;
    private final Path rules;

    private Demo(Path root) {
        this.root = root;
        this.out = root.resolve("target/demo");
        this.agent = root.resolve("agent/target/autopool-agent.jar");
        this.sample = root.resolve("sample-app/target/autopool-sample.jar");
        this.rules = root.resolve("sample-app/autopool.conf");
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<String> names = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("decoder", "predictor");
        System.exit(new Demo(root).run(names) ? 0 : 1);
    }

    private boolean run(List<String> names) throws Exception {
        Files.createDirectories(out);
        Path jfc = AllocationTimeline.writeSettings(out, 50);
        List<ComparisonTable.Column> columns = new ArrayList<>();
        List<String> charts = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        boolean ok = true;
        for (String name : names) {
            Workload workload = workload(name);
            System.out.printf("%s: %s%n", workload.name(), workload.description());
            Path jfrWithout = out.resolve(name + "-without.jfr");
            Path jfrWith = out.resolve(name + "-with.jfr");
            System.out.println("  without the agent ...");
            ChildRun without = ChildJvm.create().jvmArgs(HEAP).withFlightRecording(jfrWithout, jfc)
                    .runJar(sample, TIMEOUT_SECONDS, workload.args());
            System.out.println("  with the agent ...");
            ChildRun with = ChildJvm.create().jvmArgs(HEAP).withFlightRecording(jfrWith, jfc)
                    .withAgent(agent, "config=" + rules).runJar(sample, TIMEOUT_SECONDS, workload.args());
            commands.add(String.join(" ", with.command()));
            if (!succeeded(without) || !succeeded(with)) {
                ok = false;
                continue;
            }
            boolean identical = workload.outputs(without).equals(workload.outputs(with));
            ok &= identical;
            columns.add(new ComparisonTable.Column(name, without, with, identical, with.leaksFound()));
            charts.add("<h3>" + name + "</h3>\n" + SvgChart.render(name + ": allocation over time", List.of(
                    new SvgChart.Series("without the agent", "#999999", AllocationTimeline.read(jfrWithout)),
                    new SvgChart.Series("with the agent", "#1a7f37", AllocationTimeline.read(jfrWith)))));
        }
        ComparisonTable table = new ComparisonTable(columns);
        System.out.println();
        System.out.println(table);

        LeakyStep leaky = leakyStep();
        Path report = DemoReport.write(out, table, charts, leaky.report(), commands);
        System.out.println("Report with allocation charts: " + root.relativize(report));
        return ok && leaky.found();
    }

    /** What the demo runs for each workload name, and which RESULT fields are its answers. */
    private Workload workload(String name) throws IOException {
        return switch (name) {
            case "decoder" -> new Workload(name, "two generated 2 MP photos, decoded twice on 2 threads with three "
                    + "deblocking iterations", SampleCommands.decoderBench(SampleImages.ensure(out.resolve("images"),
                    2.0, 2), 2, 2, 3), List.of("images", "pixels", "checksum"));
            case "predictor" -> new Workload(name, "200 synthetic swipes through ONNX Runtime on 2 threads",
                    SampleCommands.predictorBench(200, 2, false), List.of("predictions", "top1", "top3", "checksum"));
            case "frames" -> new Workload(name, "the walking skeleton's synthetic float pipeline, 300 frames",
                    SampleCommands.frames(300, 256), List.of("frames", "checksum"));
            default -> throw new IllegalArgumentException("unknown workload '" + name
                    + "' (expected decoder, predictor or frames)");
        };
    }

    private record Workload(String name, String description, String[] args, List<String> outputKeys) {
        Map<String, String> outputs(ChildRun run) {
            return run.result().entrySet().stream().filter(e -> outputKeys.contains(e.getKey()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
    }

    /** The report of the deliberately leaky step, and whether it appeared. */
    private record LeakyStep(boolean found, String report) {}

    /**
     * The decoder with the release rule left out of its rules file, as a user might forget one: the buffers its
     * frames and groups keep in fields die unreturned (the agent's escape analysis releases only what provably
     * stays inside one method), and autopool names the borrow site that needs a release.
     */
    private LeakyStep leakyStep() throws Exception {
        List<String> rulesWithoutRelease = Files.readAllLines(rules).stream()
                .map(l -> l.startsWith("release ") ? "# forgotten: " + l : l).toList();
        Path forgetful = Files.write(out.resolve("forgot-the-release.conf"), rulesWithoutRelease);
        System.out.println();
        System.out.println("The decoder with its release rule forgotten (" + root.relativize(forgetful)
                + "), leak=full:");
        // A small young generation, so the GC finds the dead buffers early in the run.
        ChildRun run = ChildJvm.create().jvmArgs(List.of("-Xmx512m", "-Xmn16m"))
                .withAgent(agent, "config=" + forgetful + ",leak=full")
                .runJar(sample, TIMEOUT_SECONDS, SampleCommands.decoderBench(
                        SampleImages.ensure(out.resolve("images"), 2.0, 1), 1, 2, 1));
        List<String> leaks = run.lines("autopool LEAK");
        String report;
        if (!succeeded(run)) {
            report = "the leaky step failed:\n" + run;
        } else if (leaks.isEmpty()) {
            report = "no leak report appeared; the summary was: " + run.lines("autopool SUMMARY ");
        } else {
            report = leaks.get(0);
        }
        System.out.println("  " + report);
        return new LeakyStep(!leaks.isEmpty(), report);
    }

    private static boolean succeeded(ChildRun run) {
        if (run.exitCode() == 0 && run.stdout().contains("RESULT ")) return true;
        System.out.println("  FAILED:\n" + run);
        return false;
    }
}
