package dev.autopool.sample;

import dev.autopool.sample.decoder.DecoderCli;
import dev.autopool.sample.frames.FramesCli;
import dev.autopool.sample.predictor.PredictorCli;
import dev.autopool.sample.decoder.DecodeException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;

/** The sample apps' command line: {@code java -jar autopool-sample.jar COMMAND ARGS...}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        int status = run(args, System.err);
        if (status != 0) System.exit(status);
    }

    /**
     * Runs one command; returns the exit status: 0 done, 1 an input the decoder cannot decode, 2 a mistake on the
     * command line or in the files it names (one line on {@code err}, no stack trace).
     */
    static int run(String[] args, PrintStream err) throws Exception {
        if (args.length == 0) {
            usage(err);
            return 2;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (command) {
                case "frames" -> FramesCli.run(rest);
                case "decode", "bench" -> DecoderCli.run(args);
                case "predict", "predict-bench" -> PredictorCli.run(args);
                default -> {
                    err.println("unknown command: " + command);
                    usage(err);
                    return 2;
                }
            }
            return 0;
        } catch (UsageException e) {
            err.println(command + ": " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            err.println(command + ": no such file or directory: " + e.getFile());
            return 2;
        } catch (IOException e) {
            err.println(command + ": " + e);
            return 2;
        } catch (UncheckedIOException e) {
            err.println(command + ": " + e.getMessage() + " (" + e.getCause() + ")");
            return 2;
        } catch (DecodeException e) {
            err.println(command + ": " + e.getMessage());
            return 1;
        }
    }

    private static void usage(PrintStream err) {
        err.println("""
                usage: java -jar autopool-sample.jar COMMAND ARGS...
                  frames [--frames N] [--size S]   a synthetic float pipeline over per-frame planes
                  decode IN.jpg OUT.png [--epf N]  decode a JPEG through the float pipeline
                  bench PATH... [--threads T] [--repeat R] [--epf N]
                  predict WORD...                  swipe-typing predictions for synthetic swipes of WORDs
                  predict-bench [--swipes N] [--threads T] [--warmup]""");
    }
}
