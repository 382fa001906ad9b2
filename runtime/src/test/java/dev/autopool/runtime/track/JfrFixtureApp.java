package dev.autopool.runtime.track;

import dev.autopool.runtime.Sites;
import java.util.Map;

/** A small app that misuses borrowed buffers in every way, for the JFR tests (also run in a child JVM). */
public final class JfrFixtureApp {
    public static void main(String[] args) throws InterruptedException {
        TrackingSettings.apply(Map.of("leak", "paranoid", "quarantine", "0"));
        int borrow = Sites.register("com.acme.Jfr", "main", "Jfr.java", 1, "test");
        int release = Sites.register("com.acme.Jfr", "main", "Jfr.java", 2, "test");
        misuse(borrow, release);
        leak(borrow);
        for (int attempt = 0; attempt < 200 && Tracking.site(borrow).leaks() == 0; attempt++) {
            System.gc();
            Tracking.drainLeaks();
            Thread.sleep(10);
        }
        if (Tracking.site(borrow).leaks() == 0) {
            throw new IllegalStateException("the leaked buffer was not collected in time");
        }
    }

    /** A double return, a write after return and a foreign return. */
    static void misuse(int borrow, int release) {
        int[] twice = new int[4];
        Tracker.borrowed(twice, borrow, 16);
        Tracker.releasing(twice, release);
        Tracker.releasing(twice, release);

        double[] late = new double[2];
        Tracker.borrowed(late, borrow, 16);
        Tracker.releasing(late, release);
        late[1] = 3;
        Tracker.reusing(late);

        Tracker.releasing(new float[3], release);
    }

    private static void leak(int borrow) {
        Tracker.borrowed(new long[5], borrow, 40);
    }
}
