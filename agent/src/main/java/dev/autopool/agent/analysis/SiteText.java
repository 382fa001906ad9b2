package dev.autopool.agent.analysis;

/**
 * A place in code as a stack trace prints it, {@code com.acme.Foo.bar(Foo.java:42)}: the one spelling of a site in
 * the agent's lines, {@code audit}'s verdicts and the registry (the runtime's {@code Sites.Site} prints the same).
 */
public final class SiteText {
    private SiteText() {}

    /** {@code className} dotted; {@code file} null when the class has no source attribute; {@code line} -1 when unknown. */
    public static String of(String className, String method, String file, int line) {
        String at = file == null ? "Unknown Source" : line > 0 ? file + ":" + line : file;
        return className + "." + method + "(" + at + ")";
    }
}
