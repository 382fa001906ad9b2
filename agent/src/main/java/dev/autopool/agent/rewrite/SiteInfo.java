package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.SiteText;

/**
 * A rewritten site as the registry records it: where it is ({@code className.method(file:line)}), which rule
 * rewrote it ({@code app.conf:3}), its flags (such as {@code Sites.NO_ZERO}), what the site does, where an
 * analysis judged it the release verdict, and, when its line holds other sites of the same method and rule, its
 * {@code ordinal} among them (1, 2, ... in bytecode order; 0 when it is alone), which keeps their JMX beans apart.
 */
public record SiteInfo(String className, String method, String file, int line, String rule, int flags,
                       String action, String verdict, int ordinal) {

    /** A site alone on its line (or not yet numbered: see {@link ClassScope}). */
    public SiteInfo(String className, String method, String file, int line, String rule, int flags, String action,
                    String verdict) {
        this(className, method, file, line, rule, flags, action, verdict, 0);
    }

    /** This site as the {@code ordinal}-th of several on its line. */
    SiteInfo withOrdinal(int ordinal) {
        return new SiteInfo(className, method, file, line, rule, flags, action, verdict, ordinal);
    }

    /** The site as a stack-trace element would print it: {@code com.acme.Foo.bar(Foo.java:42)}. */
    public String where() {
        return SiteText.of(className, method, file, line);
    }
}
