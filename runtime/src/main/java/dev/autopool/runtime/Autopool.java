package dev.autopool.runtime;

import dev.autopool.runtime.onnx.OnnxTensors;
import dev.autopool.runtime.pool.ArrayPool;
import dev.autopool.runtime.pool.Family;
import dev.autopool.runtime.pool.GlobalPool;
import dev.autopool.runtime.pool.PoolHousekeeper;
import dev.autopool.runtime.pool.PoolStats;
import dev.autopool.runtime.report.SettingsSeal;
import dev.autopool.runtime.settings.LogSettings;
import dev.autopool.runtime.settings.Setting;
import dev.autopool.runtime.settings.SettingValues;
import dev.autopool.runtime.track.TrackingSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The pool for code that wants to call it directly, with or without the agent:
 *
 * <pre>{@code
 * float[][][] m = Autopool.borrow(float[][][].class, 3, 256, 256);   // all zeros, exactly that shape
 * ...
 * Autopool.release(m);
 *
 * try (Autopool.Scope scope = Autopool.scope()) {                    // everything borrowed through
 *     int[][] a = scope.borrow(int[][].class, 64, 64);                // the scope goes home at close()
 * }
 * }</pre>
 *
 * Arrays of float, double, int, long, short and byte with 1 to 4 dimensions are pooled; anything else is simply
 * allocated. The agent calls {@link #configure} once at start-up with its merged settings, and the settings are
 * then {@link SettingsSeal sealed}.
 */
public final class Autopool {
    private Autopool() {}

    /**
     * The runtime's one configuration: applies every runtime setting among {@code settings} (the pools' such as
     * {@code budget=256m} or {@code warmup=float[3][256][256]x4}, tracking's such as {@code leak=full} or
     * {@code foreign=ignore}, and {@code onnx.pool}; other keys are left to others) and returns the problems
     * found, one sentence each, for the caller to report; a bad value keeps its default. Then the settings are
     * {@link SettingsSeal sealed}: with the agent this is its call at start-up, so an app's own call is refused
     * (one {@code autopool CONFIG refused} line, nothing changes, {@link SettingsSeal#REFUSED} returned);
     * without an agent the app's first call is the one configuration.
     */
    public static List<String> configure(Map<String, String> settings) {
        if (!SettingsSeal.mayChange("Autopool.configure", settings)) {
            return List.of(SettingsSeal.REFUSED);
        }
        List<String> problems = new ArrayList<>();
        SettingValues values = new SettingValues(settings, Runtime.getRuntime().maxMemory(), problems::add);
        values.reportUnknownKeys();
        LogSettings.apply(values); // log, log.to, summary, summary.interval and jmx
        problems.addAll(PoolHousekeeper.configure(settings));
        if (values.has(Setting.ONNX_POOL)) {
            long bytes = values.bytes(Setting.ONNX_POOL, -1);
            if (bytes >= 0) {
                OnnxTensors.maxRetainedBytes(bytes);
            }
        }
        problems.addAll(TrackingSettings.apply(settings)); // seals
        SettingsSeal.seal();
        return problems;
    }

    /** An array of exactly {@code new T[dims[0]]...}, zeroed; {@code arrayType} is e.g. {@code float[][].class}. */
    public static <T> T borrow(Class<T> arrayType, int... dims) {
        Family f = Family.of(arrayType);
        if (f == null || f.rank() != dims.length) {
            throw new IllegalArgumentException("cannot borrow " + arrayType.getSimpleName() + " with dimensions "
                    + Arrays.toString(dims) + ": expected a float, double, int, long, short or byte array type "
                    + "of rank 1 to 4 and one dimension per rank");
        }
        int[] d = Arrays.copyOf(dims, 4);
        int site = DirectSite.ID;
        ArrayPool pool = GlobalPool.get();
        Object a = pool.borrow(f, d[0], d[1], d[2], d[3], site);
        if (a == null) {
            a = pool.fresh(java.lang.reflect.Array.newInstance(f.elementType(), dims), f, d[0], d[1], d[2], d[3],
                    site);
        }
        return arrayType.cast(a);
    }

    /** Hands an array back to the pool; the caller must not use it afterwards. */
    public static void release(Object array) {
        GlobalPool.get().release(array, DirectSite.ID);
    }

    /** Counters over every shape. */
    public static PoolStats stats() {
        return GlobalPool.get().stats();
    }

    /** Opens a scope whose {@link Scope#close()} releases every array borrowed through it. */
    public static Scope scope() {
        return new Scope();
    }

    /**
     * Borrows that end together: {@link #close()} releases, in reverse order, every array borrowed through this
     * scope and not released before. For one thread; not for arrays that must outlive the block.
     */
    public static final class Scope implements AutoCloseable {
        private final List<Object> borrowed = new ArrayList<>();

        private Scope() {}

        /** Like {@link Autopool#borrow}, released when the scope closes. */
        public <T> T borrow(Class<T> arrayType, int... dims) {
            T a = Autopool.borrow(arrayType, dims);
            borrowed.add(a);
            return a;
        }

        /** Releases one array of this scope early. */
        public void release(Object array) {
            for (int i = borrowed.size() - 1; i >= 0; i--) {
                if (borrowed.get(i) == array) {
                    borrowed.remove(i);
                    Autopool.release(array);
                    return;
                }
            }
        }

        @Override
        public void close() {
            for (int i = borrowed.size() - 1; i >= 0; i--) {
                Autopool.release(borrowed.get(i));
            }
            borrowed.clear();
        }
    }

    /** The site that direct-API borrows are reported under. */
    private static final class DirectSite {
        static final int ID = Sites.register(Autopool.class.getName(), "borrow", "Autopool.java", 0,
                "direct API");
    }
}
