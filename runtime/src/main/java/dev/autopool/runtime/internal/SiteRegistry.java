package dev.autopool.runtime.internal;

import java.util.HashMap;

/**
 * The store behind {@link dev.autopool.runtime.Sites}: every registered call site by its dense id, read by the
 * pools (flags on the hot path) and by every report (the site's text). It lives in this leaf package so that the
 * pools, the tracker and the reports can name sites without depending on the runtime's entry points; who may
 * register what (the seal, the agent's registrar) is decided in {@code Sites}.
 */
public final class SiteRegistry {
    /**
     * Sites by id, grown by doubling under the class lock; {@link #count} is written last, so a reader that reads it
     * first finds every site below it here (a copy-on-write list copied all sites at every registration).
     */
    private static volatile Site[] sites = new Site[64];
    private static volatile int count;
    /** Ids by site text (the record with id -1), under the class lock. */
    private static final HashMap<Site, Integer> BY_TEXT = new HashMap<>();
    /** Each site's flags by id, for the pools' hot path (one array load instead of a list lookup). */
    private static volatile int[] flags = new int[64];
    /** Each site's rule as a dense number (equal rule text, equal number), for {@link #sameRule}. */
    private static volatile int[] rules = new int[64];
    private static final java.util.Map<String, Integer> RULE_NUMBERS = new java.util.HashMap<>();

    private SiteRegistry() {}

    /**
     * Adds a site with its flags as given and returns its id (dense, from 0); a site with the same text as one
     * added before (the same ordinal included) gets the same id back. Callers decide whether the flags are allowed.
     */
    public static synchronized int add(String className, String method, String file, int line, String rule,
                                        int flags, int ordinal) {
        Site key = new Site(-1, className, method, file, line, rule, flags, ordinal);
        Integer known = BY_TEXT.get(key);
        if (known != null) {
            return known;
        }
        int id = count;
        BY_TEXT.put(key, id);
        int[] f = SiteRegistry.flags;
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
        SiteRegistry.flags = f; // published before the id is handed out, so flags(id) sees it
        Site[] all = sites;
        if (id >= all.length) {
            all = java.util.Arrays.copyOf(all, all.length * 2);
        }
        all[id] = new Site(id, className, method, file, line, rule, flags, ordinal);
        sites = all;
        count = id + 1;
        return id;
    }

    /** The site with this id, or a placeholder for an id this registry never issued. */
    public static Site get(int id) {
        if (id >= 0 && id < count) {
            return sites[id];
        }
        return new Site(id, "<unknown site " + id + ">", "?", null, -1, "?", 0);
    }

    /** The flags of the site with this id ({@link Site#NO_ZERO}...), 0 for an id this registry never issued. */
    public static int flags(int id) {
        int[] f = flags;
        return id >= 0 && id < f.length ? f[id] : 0;
    }

    /**
     * Whether two registered sites were rewritten by the same rule (a buffer's data may pass between them
     * unzeroed); false when either id was never issued.
     */
    public static boolean sameRule(int a, int b) {
        int n = count; // read first: add publishes a site's rule number before counting the site
        int[] r = rules;
        return a >= 0 && b >= 0 && a < n && b < n && r[a] == r[b];
    }

    /** How many sites have been registered. */
    public static int count() {
        return count;
    }
}
