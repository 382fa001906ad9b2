package dev.autopool.runtime.internal;

/**
 * A registered call site: where it is, which configuration rule rewrote it, and the rule's flags. When one
 * source line holds several sites of the same method and rule, {@code ordinal} tells them apart (1, 2, ... in
 * the order of the bytecode); 0 when the line holds one.
 */
public record Site(int id, String className, String method, String file, int line, String rule, int flags,
                   int ordinal) {
    /** Site flag: a buffer borrowed here is not zeroed when recycled (the rule said {@code zero=false}). */
    public static final int NO_ZERO = 1;

    /** A site alone on its line. */
    public Site(int id, String className, String method, String file, int line, String rule, int flags) {
        this(id, className, method, file, line, rule, flags, 0);
    }

    /**
     * The site as every report, JFR event and summary line names it: as a stack-trace element would print it,
     * {@code com.acme.Foo.bar(Foo.java:42)}, followed by {@code " #2"} when the line holds several sites of the
     * same method and rule, so each one's text is its own.
     */
    @Override
    public String toString() {
        return ordinal > 0 ? location() + " #" + ordinal : location();
    }

    // Written out: a record's generated equals/hashCode bootstrap method handles (java.lang.runtime.ObjectMethods)
    // at their first use, which is the first site registration, on the app's class-loading thread.
    @Override
    public boolean equals(Object o) {
        return o instanceof Site s && id == s.id && line == s.line && flags == s.flags && ordinal == s.ordinal
                && java.util.Objects.equals(className, s.className) && java.util.Objects.equals(method, s.method)
                && java.util.Objects.equals(file, s.file) && java.util.Objects.equals(rule, s.rule);
    }

    @Override
    public int hashCode() {
        int h = id;
        h = 31 * h + java.util.Objects.hashCode(className);
        h = 31 * h + java.util.Objects.hashCode(method);
        h = 31 * h + java.util.Objects.hashCode(file);
        h = 31 * h + line;
        h = 31 * h + java.util.Objects.hashCode(rule);
        h = 31 * h + flags;
        return 31 * h + ordinal;
    }

    /** Where the site is, without its ordinal: {@code com.acme.Foo.bar(Foo.java:42)}. */
    public String location() {
        String where = file == null ? "Unknown Source" : line > 0 ? file + ":" + line : file;
        return className + "." + method + "(" + where + ")";
    }
}
