package dev.autopool.agent;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Agents the JVM runs after autopool in the class-file transformer chain: every {@code -javaagent},
 * {@code -agentpath} or {@code -agentlib} (but the debugger's {@code jdwp}, which transforms nothing) placed after
 * autopool's own in the order the JVM reads its options ({@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS}, the
 * command line, {@code _JAVA_OPTIONS}). Such an agent may change a
 * class's bytes at its definition after autopool has looked at them, with no event autopool could see, so no
 * verdict may rest on a callee's code while one is present. An agent attached at run time is not listed here; it
 * is seen only through the classes it retransforms (see the architecture notes).
 */
final class LaterAgents {
    private LaterAgents() {}

    /**
     * The options of agents after autopool's own, in order, and of agents before it that can start again unseen
     * (see {@link #reattachable}); empty when there are none.
     */
    static List<String> find(java.util.function.Supplier<Class<?>[]> loadedClasses) {
        List<String> args = arguments();
        if (args.size() == 1 && args.get(0).startsWith("(")) return args; // cannot be read: assume the worst
        List<String> later = new ArrayList<>(after(args, ownJar()));
        later.addAll(reattachable(args, ownJar(), loadedClasses));
        return later;
    }

    private static List<String> arguments() {
        List<String> args;
        try {
            args = jvmArguments();
        } catch (IOException | RuntimeException e) {
            args = null;
        }
        if (args == null) {
            try {
                // Portable but slow (~60 ms of class loading on the start path): only where /proc is missing.
                args = ManagementFactory.getRuntimeMXBean().getInputArguments();
            } catch (RuntimeException | LinkageError e) {
                return List.of("(the JVM's arguments cannot be read: " + e + ")");
            }
        }
        return args;
    }

    /**
     * Agents before autopool's own option whose {@code Agent-Class} is defined already: attaching such a jar again
     * at run time (the Attach API, byte-buddy-agent) calls its {@code agentmain} on that class, which is not
     * defined anew, so autopool would not see the agent start, and a transformer it adds would run after
     * autopool's. Each is named with why.
     */
    static List<String> reattachable(List<String> args, String ownJar,
                                     java.util.function.Supplier<Class<?>[]> loadedClasses) {
        List<String> found = new ArrayList<>();
        java.util.Map<String, String> agentClasses = new java.util.LinkedHashMap<>();
        for (String a : args) {
            if (!a.startsWith("-javaagent:")) continue;
            if (isAutopool(a, ownJar)) break; // also a copy: its classes may come from another jar (the class path)
            String jar = jarOf(a);
            String agentClass = agentClassOf(jar);
            if (agentClass != null) agentClasses.put(agentClass, jar);
        }
        if (agentClasses.isEmpty()) return found;
        for (Class<?> c : loadedClasses.get()) {
            String jar = agentClasses.remove(c.getName());
            if (jar != null) {
                found.add(jar + " (loaded before autopool; its Agent-Class " + c.getName() + " is defined already,"
                        + " so attaching it again would go unseen)");
            }
        }
        return found;
    }

    private static String agentClassOf(String jar) {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar)) {
            java.util.jar.Manifest manifest = file.getManifest();
            return manifest == null ? null : manifest.getMainAttributes().getValue("Agent-Class");
        } catch (IOException | RuntimeException e) {
            return null; // a jar the JVM could not have loaded as an agent either
        }
    }

    /**
     * The JVM's options in the order the JVM processes them: {@code JAVA_TOOL_OPTIONS}, the launcher's
     * {@code JDK_JAVA_OPTIONS}, the command line (with {@code @argfiles} opened), {@code _JAVA_OPTIONS}; null
     * when the command line cannot be read ({@code /proc/self/cmdline} is Linux's).
     */
    private static List<String> jvmArguments() throws IOException {
        Path cmdline = Path.of("/proc/self/cmdline");
        if (!Files.isReadable(cmdline)) return null;
        List<String> args = new ArrayList<>(words(System.getenv("JAVA_TOOL_OPTIONS")));
        args.addAll(words(System.getenv("JDK_JAVA_OPTIONS")));
        String[] parts = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0");
        for (int i = 1; i < parts.length; i++) { // parts[0] is the launcher
            String a = parts[i];
            if (a.startsWith("@") && a.length() > 1 && Files.isReadable(Path.of(a.substring(1)))) {
                args.addAll(words(Files.readString(Path.of(a.substring(1)))));
            } else {
                args.add(a);
            }
        }
        args.addAll(words(System.getenv("_JAVA_OPTIONS")));
        return args;
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }

    /** The agent options in {@code args} after the one loading {@code ownJar} (all of them if it is absent). */
    static List<String> after(List<String> args, String ownJar) {
        List<String> later = new ArrayList<>();
        boolean seenOwn = false;
        for (String a : args) {
            if (!isAgent(a)) continue;
            // Autopool's own option names its jar, or a copy when its classes come from another one (a copy on the
            // class path, as a test dependency, is found first by the application loader).
            if (!seenOwn && isAutopool(a, ownJar)) {
                seenOwn = true;
                continue;
            }
            // autopool listed again (JAVA_TOOL_OPTIONS and the command line): its premain only says it is installed
            if (seenOwn && !a.startsWith("-agentlib:jdwp") && !isAutopool(a, ownJar)) later.add(a);
        }
        return later;
    }

    /** Whether a {@code -javaagent:} option loads autopool itself: its own jar, or a copy with its premain class. */
    private static boolean isAutopool(String option, String ownJar) {
        if (!option.startsWith("-javaagent:")) return false;
        String jar = jarOf(option);
        if (jar.equals(ownJar)) return true;
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar)) {
            java.util.jar.Manifest manifest = file.getManifest();
            return manifest != null && AutopoolAgent.class.getName().equals(
                    manifest.getMainAttributes().getValue("Premain-Class"));
        } catch (IOException | RuntimeException e) {
            return false; // not readable: counted as another agent, the safe side
        }
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
