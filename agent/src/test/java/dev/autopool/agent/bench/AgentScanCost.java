package dev.autopool.agent.bench;

import dev.autopool.agent.config.ConfigParser;
import dev.autopool.agent.rewrite.ClassRewriter;
import dev.autopool.agent.rewrite.FactoryGate;
import dev.autopool.agent.rewrite.RewritePlan;
import dev.autopool.agent.rewrite.Rewrites;
import dev.autopool.agent.rewrite.RuleUsage;
import dev.autopool.agent.rewrite.RuntimeApi;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What a class no rule touches pays: the agent's selection (name check and constant-pool scan) over every class
 * of a jar, in thread CPU time per class, ten rounds. A program, not a test (surefire runs none of it): kept in the
 * agent's test sources so that every build compiles it against the current agent; run it with
 * {@code benchmarks/agent-scan-cost.sh} (see docs/benchmarks.md).
 */
public class AgentScanCost {
    public static void main(String[] args) throws Exception {
        var config = ConfigParser.parse("bench", List.of("factory com.acme.Matrices#float3d(int,int,int)",
                "release com.acme.Matrices#free(java.lang.Object)", "lifecycle com.acme.Frame#close()"));
        var rewriter = new ClassRewriter(RewritePlan.of(config.rules()), Rewrites.all(Rewrites.homecoming(),
                FactoryGate.ofClassFiles(name -> null)),
                RuntimeApi.pools(), new RuleUsage(config.rules(), line -> { }), line -> { });
        List<String> names = new ArrayList<>();
        List<byte[]> classes = new ArrayList<>();
        long bytes = 0;
        try (JarFile jar = new JarFile(args[0])) {
            for (JarEntry e : Collections.list(jar.entries())) {
                if (!e.getName().endsWith(".class")) continue;
                names.add(e.getName().substring(0, e.getName().length() - 6));
                classes.add(jar.getInputStream(e).readAllBytes());
                bytes += classes.get(classes.size() - 1).length;
            }
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 10; round++) {
            long start = cpu.getCurrentThreadCpuTime();
            int selected = 0;
            for (int i = 0; i < classes.size(); i++) {
                if (rewriter.selects(names.get(i), classes.get(i))) selected++;
            }
            long ns = cpu.getCurrentThreadCpuTime() - start;
            System.out.printf("round %d: %d classes (%d KiB), %d selected, %.0f ns CPU per class%n", round,
                    classes.size(), bytes / 1024, selected, (double) ns / classes.size());
        }
    }
}
