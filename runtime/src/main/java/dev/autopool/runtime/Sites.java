package dev.autopool.runtime;

import java.util.HashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registry of rewritten call sites. The agent registers each site once, at class-transformation time,
 * and bakes the returned id into the rewritten bytecode, so every report can name the exact call site without
 * walking the stack.
 */
public final class Sites {
    private static final CopyOnWriteArrayList<Site> SITES = new CopyOnWriteArrayList<>();
    /** Ids by site text (the record with id -1), under the class lock. */
    private static final HashMap<Site, Integer> BY_TEXT = new HashMap<>();
    /** Each site's flags by id, for the pools' hot path (one array load instead of a list lookup). */
    private static volatile int[] flags = new int[64];

    private Sites() {}

    /** Site flag: a buffer borrowed here is not zeroed when recycled (the rule said {@code zero=false}). */
    public static final int NO_ZERO = 1;

    /** A registered call site: where it is, which configuration rule rewrote it, and the rule's flags. */
    public record Site(int id, String className, String method, String file, int line, String rule, int flags) {
        /** The site as a stack-trace element would print it: {@code com.acme.Foo.bar(Foo.java:42)}. */
        @Override
        public String toString() {
            String where = file == null ? "Unknown Source" : line > 0 ? file + ":" + line : file;
            return className + "." + method + "(" + where + ")";
        }
    }

    /** Registers a site and returns its id (ids are dense, starting at 0). */
    public static int register(String className, String method, String file, int line, String rule) {
        return register(className, method, file, line, rule, 0);
    }

    /**
     * Registers a site with flags such as {@link #NO_ZERO} and returns its id (dense, from 0). A site with the same
     * text as one registered before (a class reloaded by a new class loader, a plugin redeployed) gets the same
     * id back, so reloading grows neither this registry nor the site counters and beans. The record holds only
     * names, never a class or a loader.
     */
    public static synchronized int register(String className, String method, String file, int line, String rule,
                                            int flags) {
        Site key = new Site(-1, className, method, file, line, rule, flags);
        Integer known = BY_TEXT.get(key);
        if (known != null) {
            return known;
        }
        int id = SITES.size();
        BY_TEXT.put(key, id);
        int[] f = Sites.flags;
        if (id >= f.length) {
            f = java.util.Arrays.copyOf(f, f.length * 2);
        }
        f[id] = flags;
        Sites.flags = f; // published before the id is handed out, so flags(id) sees it
        SITES.add(new Site(id, className, method, file, line, rule, flags));
        return id;
    }

    /** The site with this id, or a placeholder for an id this registry never issued. */
    public static Site get(int id) {
        if (id >= 0 && id < SITES.size()) {
            return SITES.get(id);
        }
        return new Site(id, "<unknown site " + id + ">", "?", null, -1, "?", 0);
    }

    /** The flags of the site with this id ({@link #NO_ZERO}...), 0 for an id this registry never issued. */
    public static int flags(int id) {
        int[] f = flags;
        return id >= 0 && id < f.length ? f[id] : 0;
    }

    /** How many sites have been registered. */
    public static int count() {
        return SITES.size();
    }
}
