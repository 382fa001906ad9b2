package dev.autopool.agent;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Agents the JVM runs after autopool in the class-file transformer chain: every {@code -javaagent},
 * {@code -agentpath} or {@code -agentlib} (but the debugger's {@code jdwp}, which transforms nothing) placed after
 * autopool's own on the JVM's command line (including {@code JAVA_TOOL_OPTIONS}). Such an agent may change a
 * class's bytes at its definition after autopool has looked at them, with no event autopool could see, so no
 * verdict may rest on a callee's code while one is present. An agent attached at run time is not listed here; it
 * is seen only through the classes it retransforms (see the architecture notes).
 */
final class LaterAgents {
    private LaterAgents() {}

    /** The options of agents after autopool's own, in order; empty when there are none. */
    static List<String> find() {
        List<String> args;
        try {
            args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (RuntimeException | LinkageError e) {
            return List.of("(the JVM's arguments cannot be read: " + e + ")");
        }
        return after(args, ownJar());
    }

    /** The agent options in {@code args} after the one loading {@code ownJar} (all of them if it is absent). */
    static List<String> after(List<String> args, String ownJar) {
        List<String> later = new ArrayList<>();
        boolean seenOwn = false;
        for (String a : args) {
            if (!isAgent(a)) continue;
            if (!seenOwn && ownJar != null && a.startsWith("-javaagent:") && jarOf(a).equals(ownJar)) {
                seenOwn = true;
                continue;
            }
            if (seenOwn && !a.startsWith("-agentlib:jdwp")) later.add(a);
        }
        return later;
    }

    private static boolean isAgent(String a) {
        return a.startsWith("-javaagent:") || a.startsWith("-agentpath:") || a.startsWith("-agentlib:");
    }

    private static String jarOf(String javaagent) {
        String spec = javaagent.substring("-javaagent:".length());
        int eq = spec.indexOf('=');
        String jar = eq < 0 ? spec : spec.substring(0, eq);
        return fileName(jar);
    }

    private static String ownJar() {
        try {
            return fileName(Path.of(LaterAgents.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString());
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    private static String fileName(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize().toString();
        } catch (RuntimeException e) {
            return path;
        }
    }
}
