package dev.autopool.benchmarks.pool;

import dev.autopool.runtime.Pools;
import dev.autopool.runtime.Sites;
import dev.autopool.runtime.pool.PoolHousekeeper;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hit path of a thread that keeps nothing of its own (what every virtual thread and every platform thread
 * before its {@code magazine.earn}-th borrow takes): borrow+release through the shape's shared stripes. The
 * benchmark threads never earn private magazines here ({@code magazine.earn} set to the maximum), so this is
 * the virtual-thread path on a JDK without virtual threads. Compare with {@link PoolHitBenchmark}'s autopool row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SharedPathHitBenchmark {
    private static final int NO_ZERO = Sites.register(SharedPathHitBenchmark.class.getName(), "autopool",
            "SharedPathHitBenchmark.java", 0, "factory", Sites.NO_ZERO);

    /** float dimensions, comma-separated: 1-D, 2-D and 3-D shapes. */
    @Param({"1024", "64,64", "3,64,64"})
    public String shape;

    private int[] d;

    @Setup(Level.Trial)
    public void setup() {
        d = Baselines.dims(shape);
        PoolHousekeeper.configure(Map.of("magazine.earn", String.valueOf(Integer.MAX_VALUE)));
    }

    @Benchmark
    public Object sharedStripes() {
        Object a = switch (d.length) {
            case 1 -> Pools.float1d(d[0], NO_ZERO);
            case 2 -> Pools.float2d(d[0], d[1], NO_ZERO);
            default -> Pools.float3d(d[0], d[1], d[2], NO_ZERO);
        };
        Pools.release(a, NO_ZERO);
        return a;
    }
}
