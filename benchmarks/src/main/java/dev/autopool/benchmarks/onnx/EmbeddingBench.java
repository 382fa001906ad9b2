package dev.autopool.benchmarks.onnx;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The embedding workload of issue 16: {@link EmbeddingClient} embeds texts of varying length (so the output
 * {@code float[1][L][384]} has one shape per length L) with a small transformer-shaped model.
 *
 * <pre>
 * run N [WARMUP]              N embeddings after WARMUP ones; prints one RESULT line (allocated bytes of the
 *                             embedding thread over the N, wall ms, a checksum of every embedding's bits)
 * compare AGENT N [BASELINE]  runs "run N" in child JVMs without the agent and with AGENT (built-in ONNX rule
 *                             only), and with a BASELINE agent jar if given; prints a table; exits 1 unless the
 *                             embeddings are identical and AGENT's heap allocation is at most 0.5x without
 * </pre>
 */
public final class EmbeddingBench {
    private static final String[] WORDS = ("the a of to and in is it that for on with as was at by an be this "
            + "from or which are have one had not but what all were when we there can more if out so said up its "
            + "about into than them only other new some could time these two may then do first any my now such "
            + "like our over man me even most made after also did many before must through back years where much "
            + "your way well down should because each just those people how too little state good very make world "
            + "still own see men work long get here between both life being under never day same another know "
            + "while last might us great old year off come since against go came right used take three").split(" ");

    private EmbeddingBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("run")) {
            run(Integer.parseInt(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 200);
        } else if (args.length >= 3 && args[0].equals("compare")) {
            System.exit(compare(Path.of(args[1]), args[2], args.length > 3 ? Path.of(args[3]) : null));
        } else {
            System.err.println("usage: EmbeddingBench run N [WARMUP] | compare AGENT_JAR N [BASELINE_AGENT_JAR]");
            System.exit(2);
        }
    }

    private static void run(int n, int warmup) throws Exception {
        Random random = new Random(16);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < warmup + n; i++) texts.add(sentence(random));
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (EmbeddingClient client = new EmbeddingClient(EmbeddingModel.build())) {
            for (int i = 0; i < warmup; i++) client.embed(texts.get(i));
            long checksum = 17;
            long tokens = 0;
            Set<Integer> lengths = new HashSet<>();
            long allocated = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            for (int i = warmup; i < warmup + n; i++) {
                String text = texts.get(i);
                float[] embedding = client.embed(text);
                for (float f : embedding) checksum = checksum * 31 + Float.floatToRawIntBits(f);
                int length = text.split(" ").length + 2;
                tokens += length;
                lengths.add(length);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
            System.out.printf(Locale.ROOT, "RESULT embeddings=%d tokens=%d lengths=%d ms=%d allocMB=%.1f "
                            + "bytesPerEmbedding=%d checksum=%016x%n", n, tokens, lengths.size(), ms,
                    allocated / 1e6, allocated / n, checksum);
        }
    }

    /** A text of 6 to 60 words: 8 to 62 tokens with the two special ones. */
    private static String sentence(Random random) {
        int words = 6 + random.nextInt(55);
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < words; w++) {
            if (w > 0) sb.append(' ');
            sb.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private static int compare(Path agent, String n, Path baseline) throws Exception {
        Path conf = Files.createTempFile("autopool-embedding", ".conf");
        Files.writeString(conf, "# no rule: the built-in ONNX rule only\n");
        Map<String, String> plain = child(null, conf, n);
        Map<String, String> pooled = child(agent, conf, n);
        Map<String, String> before = baseline == null ? null : child(baseline, conf, n);
        double ratio = Double.parseDouble(pooled.get("allocMB")) / Double.parseDouble(plain.get("allocMB"));
        boolean same = plain.get("checksum").equals(pooled.get("checksum"))
                && (before == null || plain.get("checksum").equals(before.get("checksum")));
        System.out.println("| run | embeddings | distinct L | ms | heap MB | bytes per embedding | checksum |");
        System.out.println("|---|---|---|---|---|---|---|");
        row("without the agent", plain);
        if (before != null) row("agent " + baseline.getFileName() + " (baseline)", before);
        row("agent " + agent.getFileName(), pooled);
        System.out.printf(Locale.ROOT, "heap ratio with/without the agent: %.3f (goal <= 0.5); embeddings %s%n",
                ratio, same ? "identical" : "DIFFER");
        System.out.println(pooled.getOrDefault("outputs", "no ONNX-OUTPUTS line"));
        return same && ratio <= 0.5 ? 0 : 1;
    }

    private static void row(String name, Map<String, String> r) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", name, r.get("embeddings"),
                r.get("lengths"), r.get("ms"), r.get("allocMB"), r.get("bytesPerEmbedding"), r.get("checksum"));
    }

    private static Map<String, String> child(Path agent, Path conf, String n) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agent != null) command.add("-javaagent:" + agent + "=config=" + conf);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EmbeddingBench.class.getName(), "run", n));
        Path out = Files.createTempFile("autopool-embedding", ".out");
        Path err = Files.createTempFile("autopool-embedding", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("child failed: " + command + "\n" + Files.readString(err));
        }
        Map<String, String> fields = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            if (!line.startsWith("RESULT ")) continue;
            for (String word : line.substring(7).split(" ")) {
                int eq = word.indexOf('=');
                fields.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        Files.readAllLines(err).stream().filter(l -> l.startsWith("autopool ONNX-OUTPUTS")).findFirst()
                .ifPresent(l -> fields.put("outputs", l));
        if (!fields.containsKey("checksum")) throw new IllegalStateException("no RESULT line from " + command);
        return fields;
    }
}
