package dev.autopool.benchmarks.track;

import dev.autopool.runtime.Pools;
import dev.autopool.runtime.Sites;
import dev.autopool.runtime.track.Tracker;
import dev.autopool.runtime.track.TrackingSettings;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What borrow tracking adds to one borrow+release of a recycled {@code float[c][h][w]}, per leak level.
 *
 * <p>{@code magazine}: a one-slot per-thread pool, about the cheapest pool there can be, so the tracker's share is
 * as visible as it gets; {@code level=none} is that pool without any tracker call. {@code pools}: the runtime's
 * own {@link Pools} borrow+release, whose pool calls the same hooks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TrackingCostBenchmark {
    @Param({"none", "off", "sampled", "full", "paranoid"})
    public String level;

    @Param({"1x16x16", "3x64x64"})
    public String shape;

    private int c;
    private int h;
    private int w;
    private long bytes;
    private boolean track;
    private int site;
    private float[][][] slot;
    private Consumer<Object> poolsRecycler;

    @Setup(Level.Trial)
    public void setup() throws ClassNotFoundException {
        String[] d = shape.split("x");
        c = Integer.parseInt(d[0]);
        h = Integer.parseInt(d[1]);
        w = Integer.parseInt(d[2]);
        bytes = 4L * c * h * w;
        track = !level.equals("none");
        // Not TrackingSettings.apply: that is the runtime's one configuration, sealed after the first trial.
        Internals.updateTrackingSettings(Map.of("leak", track ? level : "off"));
        site = Sites.register("dev.autopool.benchmarks.track.TrackingCostBenchmark", "magazine",
                "TrackingCostBenchmark.java", 1, "benchmark");
        // Pools registers its quarantine recycler when it initializes
        Class.forName(Pools.class.getName(), true, Pools.class.getClassLoader());
        // At paranoid a release goes into quarantine; the buffer leaving it refills the slot (or goes to Pools).
        poolsRecycler = Internals.swapRecycler(array -> {
            if (slot == null && array instanceof float[][][] m && m.length == c && m[0].length == h) {
                slot = m;
            } else if (poolsRecycler != null) {
                poolsRecycler.accept(array);
            }
        });
        slot = new float[c][h][w];
        if (track) {
            Tracker.borrowed(slot, site, bytes);
            Tracker.releasing(slot, site);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Internals.updateTrackingSettings(Map.of("leak", TrackingSettings.DEFAULTS.leak().settingValue()));
        Internals.swapRecycler(poolsRecycler);
    }

    @Benchmark
    public float[][][] magazine() {
        float[][][] m = borrow();
        m[0][0][0] = 1f;
        release(m);
        return m;
    }

    @Benchmark
    public float[][][] pools() {
        float[][][] m = Pools.float3d(c, h, w, site);
        m[0][0][0] = 1f;
        Pools.release(m, site);
        return m;
    }

    private float[][][] borrow() {
        float[][][] m = slot;
        slot = null;
        if (m == null) {
            m = new float[c][h][w];
        } else {
            if (track) Tracker.reusing(m);
            for (float[][] plane : m) {
                for (float[] row : plane) {
                    Arrays.fill(row, 0f);
                }
            }
        }
        if (track) Tracker.borrowed(m, site, bytes);
        return m;
    }

    /**
     * The tracker's package-private test hooks, by reflection: its public setters are sealed after the runtime's
     * one configuration and a second recycler is refused, but a benchmark switches both per trial.
     */
    private static final class Internals {
        static void updateTrackingSettings(Map<String, String> settings) {
            call(TrackingSettings.class, "update", Map.class, settings);
        }

        @SuppressWarnings("unchecked")
        static Consumer<Object> swapRecycler(Consumer<Object> recycler) {
            return (Consumer<Object>) call(Tracker.class, "swapRecycler", Consumer.class, recycler);
        }

        private static Object call(Class<?> owner, String name, Class<?> parameter, Object argument) {
            try {
                java.lang.reflect.Method m = owner.getDeclaredMethod(name, parameter);
                m.setAccessible(true);
                return m.invoke(null, argument);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the runtime's " + owner.getSimpleName() + "." + name
                        + " test hook is missing", e);
            }
        }
    }

    private void release(float[][][] m) {
        if (!track || Tracker.releasing(m, site)) {
            slot = m;
        }
    }
}
