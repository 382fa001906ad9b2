package dev.autopool.benchmarks.pool;

import dev.autopool.runtime.Pools;
import dev.autopool.runtime.Sites;
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
 * Borrow+release of a zeroed exact-shape hit against the JVM's own {@code new} of the same shape, from 4 KiB to
 * 64 MiB: both pay the same memset, the pool saves the GC work ({@code -prof gc} shows where the bytes go).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PoolZeroingBenchmark {
    private static final int ZEROED = Sites.register(PoolZeroingBenchmark.class.getName(), "autopool",
            "PoolZeroingBenchmark.java", 0, "factory");

    /** Bytes per array: 4 KiB, 64 KiB, 1 MiB, 16 MiB, 64 MiB. */
    @Param({"4096", "65536", "1048576", "16777216", "67108864"})
    public int bytes;

    /** "1d" for float[n], "3d" for float[4][rows][256] of the same bytes. */
    @Param({"1d", "3d"})
    public String rank;

    private int n;
    private int rows;

    @Setup(Level.Trial)
    public void setup() {
        n = bytes / 4;
        rows = n / (4 * 256);
    }

    @Benchmark
    public Object autopool() {
        Object a;
        if (rank.equals("1d")) {
            a = Pools.float1d(n, ZEROED);
        } else {
            a = Pools.float3d(4, rows, 256, ZEROED);
        }
        Pools.release(a, ZEROED);
        return a;
    }

    @Benchmark
    public Object jvmNew() {
        return rank.equals("1d") ? new float[n] : new float[4][rows][256];
    }
}
