package dev.autopool.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The README's first command: runs each sample workload without and with the agent and prints what changed.
 * Usage: {@code Demo PROJECT_ROOT}.
 */
public final class Demo {
    private Demo() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path agent = root.resolve("agent/target/autopool-agent.jar");
        Path sample = root.resolve("sample-app/target/autopool-sample.jar");
        String conf = "config=" + root.resolve("sample-app/autopool.conf");
        List<String> workload = List.of("frames", "--frames", "300", "--size", "256");

        ChildRun plain = ChildJvm.create().runJar(sample, 600, workload.toArray(String[]::new));
        ChildRun pooled = ChildJvm.create().withAgent(agent, conf).runJar(sample, 600, workload.toArray(String[]::new));
        check(plain);
        check(pooled);
        System.out.println("workload: " + String.join(" ", workload));
        System.out.println(new ComparisonTable(plain.result(), pooled.result(), pooled.lines("autopool LEAK").size()));
        Map<String, String> summary = pooled.summary();
        System.out.println("pool: " + summary);
    }

    private static void check(ChildRun run) {
        if (run.exitCode() != 0) {
            throw new IllegalStateException("the sample app failed:\n" + run);
        }
    }
}
