package dev.autopool.agent;

import java.lang.instrument.Instrumentation;

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

    /** {@code java -jar autopool-agent.jar audit ...}; see {@link Audit}. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("audit")) {
            System.exit(Audit.run(java.util.List.of(args).subList(1, args.length), System.out, System.err));
        }
        System.err.println("autopool agent: add -javaagent:autopool-agent.jar=config=FILE to your java command,\n"
                + "or audit a jar against a rules file without running it:\n" + Audit.USAGE);
        System.exit(2);
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
