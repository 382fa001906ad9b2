package dev.autopool.runtime;

import java.util.Map;

/**
 * An app that uses the runtime only through {@link Autopool}, never {@code Pools}: run in a child JVM by
 * {@link AutopoolOnlyAppTest}. At {@code paranoid} with a quarantine of two, ten borrow-release rounds of one shape
 * make three misses; every later borrow is served by a buffer that left the quarantine, if the quarantine hands
 * its buffers back to the pool.
 */
public final class AutopoolOnlyApp {
    static final int ROUNDS = 10;

    private AutopoolOnlyApp() {}

    public static void main(String[] args) {
        Autopool.configure(Map.of("leak", "paranoid", "quarantine", "2"));
        for (int i = 0; i < ROUNDS; i++) {
            float[][] m = Autopool.borrow(float[][].class, 64, 64);
            m[0][0] = i;
            Autopool.release(m);
        }
        System.out.println("app " + Autopool.stats());
    }

    /** Configures the runtime (as the agent does at start-up) and borrows nothing. */
    public static final class ConfiguresOnly {
        private ConfiguresOnly() {}

        public static void main(String[] args) {
            Autopool.configure(Map.of("leak", "paranoid"));
            System.out.println("app configured");
        }
    }
}
