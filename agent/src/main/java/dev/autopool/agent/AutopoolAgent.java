package dev.autopool.agent;

import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * The agent's entry points: {@code -javaagent:autopool-agent.jar=config=FILE,...} at start-up, or dynamic attach.
 * Whatever goes wrong here costs one log line; the app then runs with its original code.
 */
public final class AutopoolAgent {
    private AutopoolAgent() {}

    public static void premain(String args, Instrumentation inst) {
        start(args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst);
    }

    /**
     * {@code java -jar autopool-agent.jar audit ...} (see {@link Audit}), {@code --version} or {@code --help}.
     * Exit codes: 0 done, 1 the audit found a problem, 2 bad usage or unreadable input.
     */
    public static void main(String[] args) {
        System.exit(command(List.of(args), System.out, System.err));
    }

    static int command(List<String> args, PrintStream out, PrintStream err) {
        String first = args.isEmpty() ? "" : args.get(0);
        switch (first) {
            case "audit":
                return Audit.run(args.subList(1, args.size()), out, err);
            case "--version":
            case "-version":
                out.println("autopool-agent " + version());
                return 0;
            case "--help":
            case "-h":
                out.println(HELP);
                return 0;
            default:
                err.println(first.isEmpty() ? HELP : "autopool agent: unknown command '" + first + "'\n" + HELP);
                return 2;
        }
    }

    private static final String HELP = "autopool agent: add -javaagent:autopool-agent.jar to your java command "
            + "(=config=FILE for rules of your own),\nor audit a jar against a rules file without running it:\n"
            + Audit.USAGE + "\n       java -jar autopool-agent.jar --version";

    /** The jar's {@code Implementation-Version}, or a note that this is not the packaged jar (tests). */
    static String version() {
        String v = AutopoolAgent.class.getPackage().getImplementationVersion();
        return v == null ? "unknown (not run from the packaged jar)" : v;
    }

    private static void start(String args, Instrumentation inst) {
        try {
            RuntimeJar.appendToBootstrap(inst);
            // Loaded only now, so that every runtime class it names resolves through the bootstrap loader.
            Installer.install(args, inst);
        } catch (Throwable t) {
            // Standard error, not System.getLogger: that would start the app's logging backend before its main.
            System.err.println("autopool AGENT failed to start, the app runs unpooled: " + t);
            t.printStackTrace();
        }
    }
}
