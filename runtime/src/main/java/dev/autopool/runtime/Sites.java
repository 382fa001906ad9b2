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
    private static boolean registrarClaimed;
    /** Each site's rule as a dense number (equal rule text, equal number), for {@link #sameRule}. */
    private static volatile int[] rules = new int[64];
    private static final java.util.Map<String, Integer> RULE_NUMBERS = new java.util.HashMap<>();

    private Sites() {}

    /** Site flag: a buffer borrowed here is not zeroed when recycled (the rule said {@code zero=false}). */
    public static final int NO_ZERO = 1;

    /**
     * A registered call site: where it is, which configuration rule rewrote it, and the rule's flags. When one
     * source line holds several sites of the same method and rule, {@code ordinal} tells them apart (1, 2, ... in
     * the order of the bytecode); 0 when the line holds one.
     */
    public record Site(int id, String className, String method, String file, int line, String rule, int flags,
                       int ordinal) {
        /** A site alone on its line. */
        public Site(int id, String className, String method, String file, int line, String rule, int flags) {
            this(id, className, method, file, line, rule, flags, 0);
        }

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
     * names, never a class or a loader. A site that skips
     * zeroing is handed other borrowers' data, so once the settings are {@link SettingsSeal sealed} only the
     * agent's {@link Registrar} may register one: here {@link #NO_ZERO} is then refused (one log line) and the
     * site zeroes like any other.
     */
    public static int register(String className, String method, String file, int line, String rule, int flags) {
        return register(className, method, file, line, rule, flags, 0);
    }

    /**
     * As {@link #register(String, String, String, int, String, int)}, for one of several sites of the same method
     * and rule on one line: {@code ordinal} (1, 2, ... in bytecode order; 0 when the line holds one) keeps them
     * apart, while the same site from another loader (same text, same ordinal) still gets the same id.
     */
    public static int register(String className, String method, String file, int line, String rule, int flags,
                               int ordinal) {
        if ((flags & NO_ZERO) != 0
                && !SettingsSeal.mayChange("Sites.register", "zero=false for " + className + "." + method)) {
            flags &= ~NO_ZERO;
        }
        return add(className, method, file, line, rule, flags, ordinal);
    }

    /**
     * The agent's way to register the sites of its {@code zero=false} rules after the settings are sealed: handed
     * out once, only before sealing ({@code null} otherwise), so only the code that configured the runtime holds it.
     */
    public static synchronized Registrar claimRegistrar() {
        if (registrarClaimed || SettingsSeal.isSealed()) {
            return null;
        }
        registrarClaimed = true;
        return new Registrar();
    }

    /** Registers sites with their flags honoured, sealed or not; see {@link #claimRegistrar()}. */
    public static final class Registrar {
        private Registrar() {}

        /** Like {@link Sites#register(String, String, String, int, String, int)}, flags always honoured. */
        public int register(String className, String method, String file, int line, String rule, int flags) {
            return add(className, method, file, line, rule, flags, 0);
        }

        /** Like {@link Sites#register(String, String, String, int, String, int, int)}, flags always honoured. */
        public int register(String className, String method, String file, int line, String rule, int flags,
                            int ordinal) {
            return add(className, method, file, line, rule, flags, ordinal);
        }
    }

    private static synchronized int add(String className, String method, String file, int line, String rule,
                                         int flags, int ordinal) {
        Site key = new Site(-1, className, method, file, line, rule, flags, ordinal);
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
        int[] r = rules;
        if (id >= r.length) {
            r = java.util.Arrays.copyOf(r, r.length * 2);
        }
        r[id] = RULE_NUMBERS.computeIfAbsent(String.valueOf(rule), k -> RULE_NUMBERS.size());
        rules = r;
        Sites.flags = f; // published before the id is handed out, so flags(id) sees it
        SITES.add(new Site(id, className, method, file, line, rule, flags, ordinal));
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

    /**
     * Whether two registered sites were rewritten by the same rule (a buffer's data may pass between them
     * unzeroed); false when either id was never issued.
     */
    public static boolean sameRule(int a, int b) {
        int n = SITES.size(); // read first: register publishes a site's rule number before adding the site
        int[] r = rules;
        return a >= 0 && b >= 0 && a < n && b < n && r[a] == r[b];
    }

    /** How many sites have been registered. */
    public static int count() {
        return SITES.size();
    }
}
