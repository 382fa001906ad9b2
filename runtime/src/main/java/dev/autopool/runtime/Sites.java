package dev.autopool.runtime;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registry of rewritten call sites. The agent registers each site once, at class-transformation time,
 * and bakes the returned id into the rewritten bytecode, so every report can name the exact call site without
 * walking the stack.
 */
public final class Sites {
    private static final CopyOnWriteArrayList<Site> SITES = new CopyOnWriteArrayList<>();

    private Sites() {}

    /** A registered call site: where it is, and which configuration rule rewrote it. */
    public record Site(int id, String className, String method, String file, int line, String rule) {
        /** The site as a stack-trace element would print it: {@code com.acme.Foo.bar(Foo.java:42)}. */
        @Override
        public String toString() {
            String where = file == null ? "Unknown Source" : line > 0 ? file + ":" + line : file;
            return className + "." + method + "(" + where + ")";
        }
    }

    /** Registers a site and returns its id (ids are dense, starting at 0). */
    public static synchronized int register(String className, String method, String file, int line, String rule) {
        int id = SITES.size();
        SITES.add(new Site(id, className, method, file, line, rule));
        return id;
    }

    /** The site with this id, or a placeholder for an id this registry never issued. */
    public static Site get(int id) {
        if (id >= 0 && id < SITES.size()) {
            return SITES.get(id);
        }
        return new Site(id, "<unknown site " + id + ">", "?", null, -1, "?");
    }

    /** How many sites have been registered. */
    public static int count() {
        return SITES.size();
    }
}
