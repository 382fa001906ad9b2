package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.SiteText;

/**
 * A rewritten site as the registry records it: where it is ({@code className.method(file:line)}), which rule
 * rewrote it ({@code app.conf:3}), its flags (such as {@code Sites.NO_ZERO}), what the site does, and, where an
 * analysis judged it, the release verdict.
 */
public record SiteInfo(String className, String method, String file, int line, String rule, int flags,
                       String action, String verdict) {

    /** The site as a stack-trace element would print it: {@code com.acme.Foo.bar(Foo.java:42)}. */
    public String where() {
        return SiteText.of(className, method, file, line);
    }
}
