package dev.autopool.it.onnx;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import dev.autopool.it.fixtures.onnx.TensorRoundTrips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The ONNX section of docs/benchmarks.md: a {@code createTensor(float[8][64][128])} + {@code close()} loop (and
 * the same through a heap {@code FloatBuffer}) in child JVMs without and with the agent, as a Markdown table of
 * ms, heap bytes and direct bytes per call and their ratios. Not a test: a measurement to run by hand.
 * Usage: {@code OnnxTensorBench AGENT_JAR [CALLS_ARRAY CALLS_HEAP]}.
 */
public final class OnnxTensorBench {
    private OnnxTensorBench() {}

    public static void main(String[] args) throws Exception {
        Path agent = Path.of(args.length > 0 ? args[0] : "agent/target/autopool-agent.jar");
        String[] calls = {args.length > 1 ? args[1] : "300", args.length > 2 ? args[2] : "2000"};
        Path conf = Files.createTempFile("autopool-onnx", ".conf");
        Files.writeString(conf, "# only the built-in ONNX rule\n");
        String cp = System.getProperty("java.class.path");
        System.out.println("| overload | calls | ms/call without → with | heap B/call without → with | "
                + "direct B/call without → with | time ratio | heap ratio |");
        System.out.println("|---|---|---|---|---|---|---|");
        String[] kinds = {"array", "heap"};
        for (int k = 0; k < kinds.length; k++) {
            String main = TensorRoundTrips.class.getName();
            ChildRun plain = ChildJvm.create().runClass(cp, main, 900, "bench", kinds[k], calls[k]);
            ChildRun pooled = ChildJvm.create().withAgent(agent, "config=" + conf)
                    .runClass(cp, main, 900, "bench", kinds[k], calls[k]);
            Map<String, String> a = check(plain).result();
            Map<String, String> b = check(pooled).result();
            System.out.printf("| %s | %s | %s → %s | %s → %s | %s → %s | %.3f | %.4f |%n",
                    kinds[k].equals("array") ? "`createTensor(env, float[8][64][128])`"
                            : "`createTensor(env, heap FloatBuffer, {8,64,128})`",
                    calls[k], a.get("msPerCall"), b.get("msPerCall"), a.get("heapBytesPerCall"),
                    b.get("heapBytesPerCall"), a.get("directBytesPerCall"), b.get("directBytesPerCall"),
                    ratio(b, a, "msPerCall"), ratio(b, a, "heapBytesPerCall"));
        }
    }

    private static double ratio(Map<String, String> with, Map<String, String> without, String key) {
        return Double.parseDouble(with.get(key)) / Double.parseDouble(without.get(key));
    }

    private static ChildRun check(ChildRun run) {
        if (run.exitCode() != 0) throw new IllegalStateException("the fixture failed:\n" + run);
        return run;
    }
}
