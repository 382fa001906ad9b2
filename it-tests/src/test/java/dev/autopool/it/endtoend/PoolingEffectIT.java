package dev.autopool.it.endtoend;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildRun;
import dev.autopool.it.Jdk;
import org.junit.jupiter.api.Test;

/**
 * Far less garbage: with the agent, the sample apps borrow from the pool and allocate, collect and map far
 * less. The thresholds are looser than the goals in the benchmark doc (decoder -90 % bytes and -80 % GCs,
 * predictor -95 % direct and -80 % heap bytes) so that a loaded 2-core machine passes, yet each one fails
 * as soon as pooling stops working, where every ratio goes to about 1.
 */
class PoolingEffectIT {
    private static final int THREADS = 2;

    @Test
    void theDecoderBorrowsFromThePoolAndAllocatesAndCollectsFarLess() {
        ChildRun plain = SampleRuns.plain(SampleWorkload.DECODER, THREADS, Jdk.current());
        ChildRun pooled = SampleRuns.pooled(SampleWorkload.DECODER, THREADS, Jdk.current(), "");
        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        // The workload is sized so that without the agent the young generation fills many times over.
        assertTrue(plain.number("gcCount") >= 5, () -> "workload too small to judge GC counts: " + plain.result());

        assertAll(
                () -> assertHitRateAtLeast(0.5, pooled),
                () -> assertRatioAtMost(0.4, "allocMB", plain, pooled),
                () -> assertRatioAtMost(0.5, "gcCount", plain, pooled),
                () -> assertNoLeaks(pooled));
    }

    @Test
    void thePredictorBorrowsTensorBuffersFromThePoolAndAllocatesFarLessHeapAndDirectMemory() {
        ChildRun plain = SampleRuns.plain(SampleWorkload.PREDICTOR, THREADS, Jdk.current());
        ChildRun pooled = SampleRuns.pooled(SampleWorkload.PREDICTOR, THREADS, Jdk.current(), "");
        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertTrue(plain.number("directMB") > 0, () -> "the predictor maps direct memory: " + plain.result());

        long tensors = pooled.count("autopool ONNX", "tensors");
        long reused = pooled.count("autopool ONNX", "reused");
        assertAll(
                () -> assertTrue(tensors > 0 && (double) reused / tensors >= 0.5,
                        () -> "tensor buffers reused " + reused + "/" + tensors + ", under half: " + pooled),
                () -> assertEquals(0, pooled.count("autopool ONNX", "open"), pooled::toString),
                () -> assertEquals(0, pooled.count("autopool ONNX", "leaks"), pooled::toString),
                () -> assertRatioAtMost(0.4, "allocMB", plain, pooled),
                () -> assertRatioAtMost(0.6, "directMB", plain, pooled),
                // Its arrays are not pooled, so the tensor pool's summary is the one that counts its leaks.
                () -> assertTrue(pooled.lines("autopool LEAK").isEmpty(), pooled::toString));
    }

    private static void assertHitRateAtLeast(double least, ChildRun pooled) {
        long borrows = pooled.summaryCount("borrows");
        long hits = pooled.summaryCount("hits");
        assertTrue(borrows > 0 && (double) hits / borrows >= least,
                () -> "hit rate " + hits + "/" + borrows + " below " + least + ": " + pooled.summary());
    }

    private static void assertRatioAtMost(double most, String key, ChildRun plain, ChildRun pooled) {
        double without = plain.number(key);
        double with = pooled.number(key);
        assertTrue(with <= most * without, () -> String.format(
                "%s with the agent %.1f is %.2f of %.1f without; at most %.2f expected", key, with,
                with / without, without, most));
    }

    static void assertNoLeaks(ChildRun pooled) {
        assertAll(
                () -> assertTrue(pooled.lines("autopool LEAK").isEmpty(), pooled::toString),
                () -> assertEquals(0, pooled.summaryCount("leaks"), pooled::toString));
    }
}
