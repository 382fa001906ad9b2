package dev.autopool.benchmarks.pool;

import dev.autopool.runtime.Pools;
import dev.autopool.runtime.Sites;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The hit-and-release loop of {@link PoolHitBenchmark#autopool}, timed in the thread's CPU time instead of wall
 * time: on a machine shared with other builds (load far above its cores) JMH's wall-clock averages move by
 * several times from one minute to the next, while CPU time per operation stays within a few percent. Not a
 * replacement for JMH on a quiet machine; a way to compare two builds on a busy one.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.autopool.benchmarks.pool.HitCpuTime [zero]}: prints
 * min and median ns/op of 5 measured rounds (after 4 warm-up rounds) of 1,000,000 hits per shape, borrowing
 * at a {@code zero=false} site unless {@code zero} is given.
 */
public final class HitCpuTime {
    private static long sink;

    private HitCpuTime() {}

    public static void main(String[] args) {
        boolean zero = args.length > 0 && args[0].equals("zero");
        int site = Sites.register(HitCpuTime.class.getName(), "hit", "HitCpuTime.java", 0, "factory",
                zero ? 0 : Sites.NO_ZERO);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        int n = 1_000_000;
        for (int[] d : new int[][] {{1024}, {64, 64}, {3, 64, 64}}) {
            double[] perOp = new double[9];
            for (int r = 0; r < perOp.length; r++) {
                long t0 = bean.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    Object a = borrow(d, site);
                    sink += a.hashCode();
                    Pools.release(a, site);
                }
                perOp[r] = (bean.getCurrentThreadCpuTime() - t0) / (double) n;
            }
            double[] measured = Arrays.copyOfRange(perOp, 4, perOp.length);
            Arrays.sort(measured);
            System.out.printf("float%s%s min=%.1f median=%.1f ns/op (thread CPU time)%n", Arrays.toString(d),
                    zero ? " zeroed" : "", measured[0], measured[measured.length / 2]);
        }
        if (sink == 42) {
            System.out.println(); // keeps sink alive
        }
    }

    private static Object borrow(int[] d, int site) {
        return switch (d.length) {
            case 1 -> Pools.float1d(d[0], site);
            case 2 -> Pools.float2d(d[0], d[1], site);
            default -> Pools.float3d(d[0], d[1], d[2], site);
        };
    }
}
