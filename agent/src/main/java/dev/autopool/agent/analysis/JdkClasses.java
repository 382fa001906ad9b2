package dev.autopool.agent.analysis;

/**
 * The JDK's packages, by internal-name prefix: classes the agent never rewrites, and callees the analysis never
 * reads (their behaviour is known from {@link Allowlist} or treated as unknown).
 */
public final class JdkClasses {
    private static final String[] PREFIXES = {"java/", "javax/", "jdk/", "sun/", "com/sun/"};

    private JdkClasses() {}

    /** Whether {@code internalName} ({@code java/util/List}) is in one of the JDK's packages. */
    public static boolean contains(String internalName) {
        for (String prefix : PREFIXES) {
            if (internalName.startsWith(prefix)) return true;
        }
        return false;
    }
}
