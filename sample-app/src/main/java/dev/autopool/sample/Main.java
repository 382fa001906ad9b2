package dev.autopool.sample;

import dev.autopool.sample.decoder.DecoderCli;
import dev.autopool.sample.frames.FramesCli;
import dev.autopool.sample.predictor.PredictorCli;
import java.util.Arrays;

/** The sample apps' command line: {@code java -jar autopool-sample.jar COMMAND ARGS...}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "frames" -> FramesCli.main(rest);
            case "decode", "bench" -> DecoderCli.main(args);
            case "predict", "predict-bench" -> PredictorCli.main(args);
            default -> {
                System.err.println("unknown command: " + args[0]);
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar autopool-sample.jar COMMAND ARGS...
                  frames [--frames N] [--size S]   a synthetic float pipeline over per-frame planes
                  decode IN.jpg OUT.png [--epf N]  decode a JPEG through the float pipeline
                  bench PATH... [--threads T] [--repeat R] [--epf N]
                  predict WORD...                  swipe-typing predictions for synthetic swipes of WORDs
                  predict-bench [--swipes N] [--threads T] [--warmup]""");
    }
}
