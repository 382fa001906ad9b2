package dev.autopool.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample app's command lines, as its CLI documents them (issue 7 for the decoder, issue 8 for the
 * predictor). Every test, the demo and the benchmark build their arguments here, so a CLI change is one edit.
 */
public final class SampleCommands {
    private SampleCommands() {}

    /** {@code bench PATH... --threads T --repeat R --epf N}: RESULT images, pixels, checksum, ms, allocMB, gc*. */
    public static String[] decoderBench(List<Path> images, int threads, int repeat, int epf) {
        List<String> args = new ArrayList<>();
        args.add("bench");
        images.forEach(p -> args.add(p.toAbsolutePath().toString()));
        args.addAll(List.of("--threads", Integer.toString(threads), "--repeat", Integer.toString(repeat),
                "--epf", Integer.toString(epf)));
        return args.toArray(String[]::new);
    }

    /**
     * {@code predict-bench --swipes N --threads T [--warmup]}: RESULT predictions, top1, top3, checksum, ms,
     * firstMs, p50Ms, p99Ms, allocMB, directMB.
     */
    public static String[] predictorBench(int swipes, int threads, boolean warmup) {
        List<String> args = new ArrayList<>(List.of("predict-bench", "--swipes", Integer.toString(swipes),
                "--threads", Integer.toString(threads)));
        if (warmup) args.add("--warmup");
        return args.toArray(String[]::new);
    }

    /** {@code frames --frames N --size S}: the walking skeleton's synthetic float pipeline. */
    public static String[] frames(int frames, int size) {
        return new String[] {"frames", "--frames", Integer.toString(frames), "--size", Integer.toString(size)};
    }
}
