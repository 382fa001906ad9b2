package dev.autopool.junit;

import java.nio.file.Path;
import java.util.List;

/**
 * Makes sure the autopool agent runs in this JVM before a borrow check starts, and hands out the runtime it put
 * on the bootstrap path. Started with {@code -javaagent}, nothing is done. Without it (another plugin replaced
 * surefire's {@code argLine}, an IDE run), the agent jar is attached at run time; where that is impossible
 * every checked test fails with the {@code -javaagent} line to add. A check without the agent would pass every
 * leaky test, so there is no third way.
 *
 * <p>Decided once per JVM: attaching twice would install the rewrites twice.
 */
final class AgentAttachment {
    /** Arguments for an agent attached at run time, as after {@code -javaagent:autopool-agent.jar=}. */
    static final String ARGS_PROPERTY = "autopool.agent.args";

    /**
     * Runtime classes the code under test or the check would use. Any of them already defined by the test's
     * loader (from the runtime jar on the class path) is a second copy of the runtime next to the agent's.
     */
    private static final List<String> RUNTIME_CLASSES = List.of(TrackingAccess.TRACKING,
            "dev.autopool.runtime.track.Tracker", "dev.autopool.runtime.Pools", "dev.autopool.runtime.Autopool");

    private AgentAttachment() {}

    /** The agent's runtime, attaching the agent first if needed. */
    static TrackingAccess runtime() {
        return Once.OUTCOME.access();
    }

    private static final class Once {
        static final Outcome OUTCOME = connect(System.getProperty(AgentJar.PROPERTY),
                System.getProperty(ARGS_PROPERTY, ""), AgentAttachment.class.getClassLoader());
    }

    /** Either the runtime or the reason there is none, with what to add to the command line. */
    record Outcome(TrackingAccess tracking, String failure) {
        TrackingAccess access() {
            if (failure != null) throw new AssertionError(failure);
            return tracking;
        }
    }

    static Outcome connect(String jarProperty, String agentArgs, ClassLoader testLoader) {
        Class<?> tracking = onBootstrapPath();
        Path jar = null;
        if (tracking == null) {
            // Nothing of the runtime is loaded through the test's loader before this point: the attach below
            // puts the agent's copy on the bootstrap path, and the parent-first loaders then find that one.
            try {
                jar = AgentJar.locate(jarProperty, testLoader);
            } catch (AgentJar.NotFound e) {
                return failed(e.getMessage(), null, agentArgs);
            }
            String blocked = AttachBlocker.reason();
            if (blocked != null) {
                return failed("it cannot be attached at run time: " + blocked, jar, agentArgs);
            }
            try {
                SelfAttach.attach(jar, agentArgs);
            } catch (Throwable t) { // no jdk.attach, dynamic loading disabled, no byte-buddy-agent, ...
                return failed("attaching " + jar + " at run time failed (" + describe(t) + ")", jar, agentArgs);
            }
            tracking = onBootstrapPath();
            if (tracking == null) {
                return failed("the agent " + jar + " was attached but did not start (its log line says why)",
                        jar, agentArgs);
            }
        }
        String secondCopy = secondCopy(testLoader);
        if (secondCopy != null) {
            return failed(secondCopy + " was loaded from the class path before the agent was attached, so the code"
                    + " under test may report to a copy of the runtime the check cannot see", jar, agentArgs);
        }
        try {
            return new Outcome(TrackingAccess.of(tracking), null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return failed("the agent's runtime has no usable Tracking API (" + describe(e) + ")", jar, agentArgs);
        }
    }

    /** The runtime's Tracking class if the agent appended the runtime to the bootstrap path, else null. */
    private static Class<?> onBootstrapPath() {
        try {
            return Class.forName(TrackingAccess.TRACKING, false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /**
     * The first runtime class the test's loader resolves to a copy of its own rather than the bootstrap one, or
     * null. Asking loads nothing new from the class path: a parent-first loader finds a class it has not loaded
     * yet in the bootstrap copy.
     */
    static String secondCopy(ClassLoader testLoader) {
        for (String name : RUNTIME_CLASSES) {
            Class<?> seen = loadedThrough(testLoader, name);
            if (seen != null && seen.getClassLoader() != null) return name;
        }
        return null;
    }

    private static Class<?> loadedThrough(ClassLoader loader, String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static Outcome failed(String reason, Path jar, String agentArgs) {
        String javaagent = "-javaagent:" + (jar == null ? "path/to/autopool-agent.jar" : jar.toString())
                + (agentArgs == null || agentArgs.isEmpty() ? "" : "=" + agentArgs);
        return new Outcome(null, "autopool agent not attached, so @CheckBorrows cannot see any borrow: " + reason
                + ".\nAdd the agent to the test JVM's command line: " + javaagent
                + "\n(Maven surefire/failsafe: <argLine>-javaagent:${dev.autopool:autopool-agent:jar}</argLine> with"
                + " maven-dependency-plugin's `properties` goal; see autopool's README, \"Checking borrows in"
                + " tests\", for JaCoCo and Gradle).");
    }

    private static String describe(Throwable t) {
        StringBuilder s = new StringBuilder(t.toString());
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            s.append("; caused by ").append(c);
            t = c;
        }
        return s.toString();
    }
}
