package dev.autopool.benchmarks.pool;

import dev.autopool.runtime.Pools;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Borrow+release of an exact-shape {@code float[c][h][w]} against the JVM's own {@code new}. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Float3dBorrowBenchmark {
    @Param({"3,64,64"})
    public String shape;

    private int c;
    private int h;
    private int w;

    @org.openjdk.jmh.annotations.Setup
    public void setup() {
        String[] d = shape.split(",");
        c = Integer.parseInt(d[0]);
        h = Integer.parseInt(d[1]);
        w = Integer.parseInt(d[2]);
    }

    @Benchmark
    public float[][][] jvmNew() {
        return new float[c][h][w];
    }

    @Benchmark
    public float[][][] pooled() {
        float[][][] m = Pools.float3d(c, h, w, -1);
        Pools.release(m, -1);
        return m;
    }
}
