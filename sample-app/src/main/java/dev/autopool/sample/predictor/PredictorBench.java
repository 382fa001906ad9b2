package dev.autopool.sample.predictor;

import ai.onnxruntime.OrtException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs predictions for synthetic swipes of lexicon words on worker threads that share one predictor, and
 * measures accuracy, latency, the bytes the workers allocated and the peak of direct (NIO) memory in use.
 * Gestures are synthesised before timing starts; which word and gesture each swipe gets depends on the seed
 * alone, so the checksum over the prediction scores is the same on every run.
 */
final class PredictorBench {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final BufferPoolMXBean DIRECT = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
            .stream().filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();

    /** What a run measured. */
    record Result(int predictions, double top1, double top3, long checksum, long ms, double firstMs,
            double p50Ms, double p99Ms, double allocMB, double directMB) {
        String resultLine() {
            return String.format(Locale.ROOT, "RESULT predictions=%d top1=%.3f top3=%.3f checksum=%016x ms=%d "
                    + "firstMs=%.2f p50Ms=%.2f p99Ms=%.2f allocMB=%.1f directMB=%.1f",
                    predictions, top1, top3, checksum, ms, firstMs, p50Ms, p99Ms, allocMB, directMB);
        }
    }

    private PredictorBench() {}

    static Result run(SwipePredictor predictor, int swipes, int threads, long seed) throws Exception {
        Lexicon lexicon = predictor.lexicon();
        SplittableRandom random = new SplittableRandom(seed);
        String[] words = new String[swipes];
        Gesture[] gestures = new Gesture[swipes];
        for (int i = 0; i < swipes; i++) {
            words[i] = lexicon.word(random.nextInt(lexicon.size()));
            gestures[i] = SwipeSynthesizer.swipe(words[i], seed * 1_000_003L + i);
        }
        @SuppressWarnings("unchecked")
        List<Prediction>[] predictions = new List[swipes];
        long[] latencyNanos = new long[swipes];
        AtomicInteger next = new AtomicInteger();
        AtomicLong allocated = new AtomicLong();
        AtomicLong directPeak = new AtomicLong(DIRECT.getMemoryUsed());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < threads; w++) {
            Thread worker = new Thread(() -> {
                long bytes0 = THREADS.getCurrentThreadAllocatedBytes();
                try {
                    for (int i; (i = next.getAndIncrement()) < swipes && failure.get() == null; ) {
                        long start = System.nanoTime();
                        predictions[i] = predictor.predict(gestures[i]);
                        latencyNanos[i] = System.nanoTime() - start;
                        directPeak.accumulateAndGet(DIRECT.getMemoryUsed(), Math::max);
                    }
                } catch (OrtException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
                allocated.addAndGet(THREADS.getCurrentThreadAllocatedBytes() - bytes0);
            }, "predictor-" + w);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) worker.join();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (failure.get() != null) throw new IllegalStateException("a prediction failed", failure.get());

        int top1 = 0;
        int top3 = 0;
        long checksum = 17;
        for (int i = 0; i < swipes; i++) {
            List<Prediction> top = predictions[i];
            for (int r = 0; r < top.size(); r++) {
                if (top.get(r).word().equals(words[i])) {
                    if (r == 0) top1++;
                    if (r < 3) top3++;
                }
                checksum = 31 * checksum + top.get(r).word().hashCode();
                checksum = 31 * checksum + Float.floatToRawIntBits(top.get(r).score());
            }
        }
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        return new Result(swipes, top1 / (double) swipes, top3 / (double) swipes, checksum, ms,
                latencyNanos[0] / 1e6, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6,
                allocated.get() / 1e6, directPeak.get() / 1e6);
    }

    private static long percentile(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
