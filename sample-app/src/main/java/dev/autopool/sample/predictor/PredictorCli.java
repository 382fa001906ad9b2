package dev.autopool.sample.predictor;

/** Command line of the sample predictor. Its commands arrive with issue 8; this class is the entry they will fill. */
public final class PredictorCli {
    private PredictorCli() {}

    /** {@code args[0]} is the command name. */
    public static void main(String[] args) {
        System.err.println(args[0] + ": not built yet (issue 8)");
        System.exit(2);
    }
}
