package dev.autopool.sample.decoder;

/** Command line of the sample decoder. Its commands arrive with issue 7; this class is the entry they will fill. */
public final class DecoderCli {
    private DecoderCli() {}

    /** {@code args[0]} is the command name. */
    public static void main(String[] args) {
        System.err.println(args[0] + ": not built yet (issue 7)");
        System.exit(2);
    }
}
