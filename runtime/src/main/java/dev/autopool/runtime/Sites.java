package dev.autopool.runtime;

import dev.autopool.runtime.internal.SiteRegistry;
import dev.autopool.runtime.report.SettingsSeal;

/**
 * The registry of rewritten call sites: part of the agent's call contract. The agent registers each site once,
 * at class-transformation time, and bakes the returned id into the rewritten bytecode, so every report can name
 * the exact call site without walking the stack. The sites themselves are kept in
 * {@link SiteRegistry} (an internal leaf the pools and reports read); this class decides who may register what.
 */
public final class Sites {
    private static boolean registrarClaimed;

    private Sites() {}

    /** Site flag: a buffer borrowed here is not zeroed when recycled (the rule said {@code zero=false}). */
    public static final int NO_ZERO = dev.autopool.runtime.internal.Site.NO_ZERO;

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

    private static int add(String className, String method, String file, int line, String rule, int flags,
                           int ordinal) {
        return SiteRegistry.add(className, method, file, line, rule, flags, ordinal);
    }
}
