package dev.autopool.agent.analysis;

/**
 * One class as the JVM knows it: the identity of its defining loader (a number, never the loader itself, so
 * nothing the agent keeps holds a loader alive) and its internal name. What a verdict depends on.
 *
 * @param loader the defining loader's id ({@link #BOOT} for the bootstrap loader)
 */
public record ClassKey(long loader, String name) {
    /** The bootstrap loader's id. */
    public static final long BOOT = 0;

    /** A class of the bootstrap loader (a JDK class). */
    public static ClassKey boot(String internalName) {
        return new ClassKey(BOOT, internalName);
    }

    // Written out, as in Source: a record's generated equals/hashCode bootstrap method handles while the app
    // starts and run through them, and class keys are hash keys in every verdict, guard and cache lookup.
    @Override
    public boolean equals(Object o) {
        return o instanceof ClassKey k && k.loader == loader && k.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Long.hashCode(loader);
    }

    @Override
    public String toString() {
        return name.replace('/', '.') + (loader == BOOT ? "" : "@loader" + loader);
    }
}
