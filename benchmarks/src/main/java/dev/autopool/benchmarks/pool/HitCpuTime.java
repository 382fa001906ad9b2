package dev.autopool.benchmarks.pool;

import dev.autopool.runtime.Pools;
import dev.autopool.runtime.Sites;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import stormpot.Pool;
import stormpot.PoolTap;
import stormpot.Pooled;
import stormpot.Timeout;

/**
 * The hit-and-release loop of {@link PoolHitBenchmark#autopool}, and Stormpot's claim/release of the same shape in
 * the same rounds, timed in the thread's CPU time instead of wall time: on a machine shared with other builds
 * (load far above its cores) JMH's wall-clock averages move by several times from one minute to the next, while
 * the CPU time per operation of the fastest rounds stays within a few percent. Not a replacement for JMH on a
 * quiet machine; a way to compare two builds, and autopool with Stormpot, on a busy one.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.autopool.benchmarks.pool.HitCpuTime [zero] [rounds]}:
 * per shape, alternates rounds of 200,000 autopool hits and 200,000 Stormpot claims (a third of the rounds warm
 * up, default 60 rounds), and prints the minimum and median ns/op of each and the ratio of the minima, borrowing
 * at a {@code zero=false} site unless {@code zero} is given. With {@code two} it then runs the same autopool rounds
 * on two threads at once (each timing its own CPU time) and prints their per-thread minimum against one thread's:
 * what sharing the pool costs each thread, apart from waiting for a core.
 */
public final class HitCpuTime {
    private static final Timeout WAIT = new Timeout(1, TimeUnit.SECONDS);
    private static long sink;

    private HitCpuTime() {}

    public static void main(String[] args) throws Exception {
        boolean zero = Arrays.asList(args).contains("zero");
        boolean two = Arrays.asList(args).contains("two");
        int rounds = args.length > 0 && args[args.length - 1].matches("\\d+") ? Integer.parseInt(args[args.length - 1])
                : 60;
        int site = Sites.register(HitCpuTime.class.getName(), "hit", "HitCpuTime.java", 0, "factory",
                zero ? 0 : Sites.NO_ZERO);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        int n = 200_000;
        for (int[] d : new int[][] {{1024}, {64, 64}, {3, 64, 64}}) {
            Pool<Pooled<Object>> stormpot = Baselines.stormpot(d, 8);
            PoolTap<Pooled<Object>> tap = stormpot.getThreadLocalTap();
            int warm = rounds / 3;
            double[] pool = new double[rounds - warm];
            double[] storm = new double[rounds - warm];
            for (int r = 0; r < rounds; r++) {
                long t0 = bean.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    Object a = borrow(d, site);
                    sink += a.hashCode();
                    Pools.release(a, site);
                }
                long t1 = bean.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    Pooled<Object> p = tap.claim(WAIT);
                    sink += p.object.hashCode();
                    p.release();
                }
                long t2 = bean.getCurrentThreadCpuTime();
                if (r >= warm) {
                    pool[r - warm] = (t1 - t0) / (double) n;
                    storm[r - warm] = (t2 - t1) / (double) n;
                }
            }
            stormpot.shutdown().await(WAIT);
            Arrays.sort(pool);
            Arrays.sort(storm);
            System.out.printf("float%s%s autopool min=%.1f median=%.1f, Stormpot min=%.1f median=%.1f ns/op"
                    + " (thread CPU time), autopool/Stormpot %.2f (minima)%n", Arrays.toString(d),
                    zero ? " zeroed" : "", pool[0], pool[pool.length / 2], storm[0], storm[storm.length / 2],
                    pool[0] / storm[0]);
            if (two) {
                double[][] perThread = new double[2][];
                Thread[] threads = new Thread[2];
                for (int k = 0; k < 2; k++) {
                    int me = k;
                    threads[k] = new Thread(() -> perThread[me] = autopoolRounds(d, site, rounds, n));
                    threads[k].start();
                }
                for (Thread t : threads) {
                    t.join();
                }
                double worst = Math.max(perThread[0][0], perThread[1][0]);
                System.out.printf("float%s two threads: autopool min=%.1f and %.1f ns/op per thread, %.2fx one"
                        + " thread (the slower thread's minimum)%n", Arrays.toString(d), perThread[0][0],
                        perThread[1][0], worst / pool[0]);
            }
        }
        if (sink == 42) {
            System.out.println(); // keeps sink alive
        }
    }

    /** Rounds of autopool hits on the calling thread: the measured rounds' ns/op, sorted. */
    private static double[] autopoolRounds(int[] d, int site, int rounds, int n) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        int warm = rounds / 3;
        double[] out = new double[rounds - warm];
        long local = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                Object a = borrow(d, site);
                local += a.hashCode();
                Pools.release(a, site);
            }
            if (r >= warm) {
                out[r - warm] = (bean.getCurrentThreadCpuTime() - t0) / (double) n;
            }
        }
        synchronized (HitCpuTime.class) {
            sink += local;
        }
        Arrays.sort(out);
        return out;
    }

    private static Object borrow(int[] d, int site) {
        return switch (d.length) {
            case 1 -> Pools.float1d(d[0], site);
            case 2 -> Pools.float2d(d[0], d[1], site);
            default -> Pools.float3d(d[0], d[1], d[2], site);
        };
    }
}
