package dev.autopool.runtime.internal;

/** A registered call site: where it is, which configuration rule rewrote it, and the rule's flags. */
public record Site(int id, String className, String method, String file, int line, String rule, int flags) {
    /** Site flag: a buffer borrowed here is not zeroed when recycled (the rule said {@code zero=false}). */
    public static final int NO_ZERO = 1;

    /** The site as a stack-trace element would print it: {@code com.acme.Foo.bar(Foo.java:42)}. */
    @Override
    public String toString() {
        String where = file == null ? "Unknown Source" : line > 0 ? file + ":" + line : file;
        return className + "." + method + "(" + where + ")";
    }
}
