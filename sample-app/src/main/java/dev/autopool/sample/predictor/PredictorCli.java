package dev.autopool.sample.predictor;

import ai.onnxruntime.OrtException;
import dev.autopool.sample.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command line of the sample predictor.
 * <ul>
 *   <li>{@code predict [--models DIR] WORD...}: per word, a synthetic swipe of it, then the top 5 predictions with
 *       their scores and the latency.</li>
 *   <li>{@code predict-bench [--swipes N] [--threads T] [--warmup] [--models DIR] [--seed S]}: predictions for N
 *       synthetic swipes of lexicon words on T threads sharing one predictor; ends with one {@code RESULT} line.</li>
 * </ul>
 */
public final class PredictorCli {
    private PredictorCli() {}

    /** {@code args[0]} is the command name; a command-line mistake throws {@link UsageException}. */
    public static void run(String[] args) throws Exception {
        switch (args[0]) {
            case "predict" -> predict(args);
            case "predict-bench" -> bench(args);
            default -> usage("unknown predictor command: " + args[0]);
        }
    }

    private static void predict(String[] args) throws OrtException {
        Path models = SwipePredictor.defaultModelDir();
        List<String> words = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--models")) {
                models = Path.of(value(args, ++i, "--models"));
            } else {
                words.add(args[i]);
            }
        }
        if (words.isEmpty()) usage("predict needs at least one WORD");
        for (String w : words) {
            if (!w.matches("[a-z]+")) usage("a WORD is lowercase letters a-z: '" + w + "'");
        }
        try (SwipePredictor predictor = SwipePredictor.open(models)) {
            for (String w : words) {
                Gesture gesture = SwipeSynthesizer.swipe(w, 1);
                long t0 = System.nanoTime();
                List<Prediction> top = predictor.predict(gesture);
                double ms = (System.nanoTime() - t0) / 1e6;
                System.out.printf(Locale.ROOT, "%s (%d points, %.1f ms)%n", w, gesture.size(), ms);
                for (int r = 0; r < top.size(); r++) {
                    System.out.printf(Locale.ROOT, "  %d. %-16s %9.4f%n", r + 1, top.get(r).word(), top.get(r).score());
                }
                if (top.isEmpty()) System.out.println("  (no word of the lexicon fits)");
            }
        }
    }

    private static void bench(String[] args) throws Exception {
        Path models = SwipePredictor.defaultModelDir();
        int swipes = 1000;
        int threads = 1;
        boolean warmup = false;
        long seed = 42;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--swipes" -> swipes = positive(value(args, ++i, "--swipes"), "--swipes");
                case "--threads" -> threads = positive(value(args, ++i, "--threads"), "--threads");
                case "--warmup" -> warmup = true;
                case "--models" -> models = Path.of(value(args, ++i, "--models"));
                case "--seed" -> seed = number(value(args, ++i, "--seed"), "--seed");
                default -> usage("unknown option: " + args[i]);
            }
        }
        try (SwipePredictor predictor = SwipePredictor.open(models)) {
            if (warmup) PredictorBench.run(predictor, Math.min(swipes, 200), threads, seed + 1);
            System.out.println(PredictorBench.run(predictor, swipes, threads, seed).resultLine());
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) usage(option + " needs a value");
        return args[i];
    }

    private static int positive(String v, String option) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        usage(option + " needs a positive integer, got '" + v + "'");
        return 0;
    }

    private static long number(String v, String option) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            usage(option + " needs an integer, got '" + v + "'");
            return 0;
        }
    }

    private static void usage(String problem) {
        throw new UsageException(problem + """

                usage: predict [--models DIR] WORD...
                       predict-bench [--swipes N] [--threads T] [--warmup] [--models DIR] [--seed S]""");
    }
}
