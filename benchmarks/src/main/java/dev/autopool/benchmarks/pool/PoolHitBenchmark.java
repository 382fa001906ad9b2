package dev.autopool.benchmarks.pool;

import dev.autopool.runtime.Pools;
import dev.autopool.runtime.Sites;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPool;
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
import stormpot.Pool;
import stormpot.PoolTap;
import stormpot.Pooled;
import stormpot.Timeout;

/**
 * Borrow+release of an exact-shape hit without zeroing (the site opted out), against Stormpot's claim/release
 * and Commons Pool2's borrowObject/returnObject of the same float array. Run with {@code -t 1} and {@code -t 2}:
 * the pools are shared by all benchmark threads, so two threads contend.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PoolHitBenchmark {
    private static final int NO_ZERO = Sites.register(PoolHitBenchmark.class.getName(), "autopool",
            "PoolHitBenchmark.java", 0, "factory", Sites.NO_ZERO);
    private static final Timeout WAIT = new Timeout(1, TimeUnit.SECONDS);

    /** float dimensions, comma-separated: 1-D, 2-D and 3-D shapes. */
    @Param({"1024", "64,64", "3,64,64"})
    public String shape;

    private int[] d;
    private Pool<Pooled<Object>> stormpot;
    private GenericObjectPool<Object> commons;

    @Setup(Level.Trial)
    public void setup() {
        d = Baselines.dims(shape);
        stormpot = Baselines.stormpot(d, 8);
        commons = Baselines.commonsPool2(d, 8);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        stormpot.shutdown().await(WAIT);
        commons.close();
    }

    /** Stormpot's recommended per-thread claim path. */
    @State(Scope.Thread)
    public static class StormpotTap {
        PoolTap<Pooled<Object>> tap;

        @Setup(Level.Trial)
        public void setup(PoolHitBenchmark b) {
            tap = b.stormpot.getThreadLocalTap();
        }
    }

    @Benchmark
    public Object autopool() {
        Object a = switch (d.length) {
            case 1 -> Pools.float1d(d[0], NO_ZERO);
            case 2 -> Pools.float2d(d[0], d[1], NO_ZERO);
            default -> Pools.float3d(d[0], d[1], d[2], NO_ZERO);
        };
        Pools.release(a, NO_ZERO);
        return a;
    }

    @Benchmark
    public Object stormpot(StormpotTap t) throws InterruptedException {
        Pooled<Object> p = t.tap.claim(WAIT);
        p.release();
        return p.object;
    }

    @Benchmark
    public Object commonsPool2() throws Exception {
        Object a = commons.borrowObject();
        commons.returnObject(a);
        return a;
    }
}
