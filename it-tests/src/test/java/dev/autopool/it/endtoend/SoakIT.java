package dev.autopool.it.endtoend;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import dev.autopool.it.Jars;
import dev.autopool.it.SampleCommands;
import dev.autopool.it.SampleImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Soak: many decodes and predictions under the agent with every borrow tracked end with nothing outstanding,
 * no leak, no double return, and a pool and process that do not grow with the length of the run (a run four
 * times as long retains about as much). The sizes come from {@code autopool.it.soak.predictions} and
 * {@code .decodes}, which the pom sets to 1,000 and 200 for the default suite and {@code mvn verify -Psoak}
 * to five times that.
 */
class SoakIT {
    private static final int PREDICTIONS = Integer.getInteger("autopool.it.soak.predictions", 1000);
    private static final int DECODES = Integer.getInteger("autopool.it.soak.decodes", 200);
    private static final long MAX_HEAP = 512L << 20;
    /** The whole heap committed and touched from the start, so a growing RSS can only be native memory. */
    private static final List<String> HEAP = List.of("-Xms" + (MAX_HEAP >> 20) + "m", "-Xmx" + (MAX_HEAP >> 20) + "m",
            "-XX:+AlwaysPreTouch");
    /** What the process may add for four times the work: room for the JIT and ONNX Runtime's arena settling. */
    private static final long RSS_SLACK_KB = 96 * 1024;
    private static final long TIMEOUT_SECONDS = 900;

    @Test
    void manyPredictionsCloseEveryTensorLeaveNothingOutstandingAndDoNotGrowThePool() throws Exception {
        ChildRun shortRun = run(SampleCommands.predictorBench(PREDICTIONS / 4, 2, false));
        ChildRun longRun = run(SampleCommands.predictorBench(PREDICTIONS, 2, false));

        assertEquals(PREDICTIONS, (int) longRun.number("predictions"), longRun::toString);
        assertTrue(longRun.count("autopool ONNX", "tensors") > PREDICTIONS, longRun::toString);
        assertClean(shortRun, "autopool ONNX", 0);
        assertClean(longRun, "autopool ONNX", 0);
        long shortTensorBytes = shortRun.count("autopool ONNX", "retainedBytes");
        long longTensorBytes = longRun.count("autopool ONNX", "retainedBytes");
        assertAll(
                () -> assertTrue(longTensorBytes <= shortTensorBytes * 1.5 + (4 << 20), () -> "the tensor pool grew "
                        + "with the run: " + shortTensorBytes + " -> " + longTensorBytes + " bytes retained"),
                () -> assertRssBounded(shortRun, longRun));
    }

    @Test
    void manyDecodesLeaveNothingOutstandingAndDoNotGrowThePool() throws Exception {
        List<Path> images = SampleImages.ensure(SampleWorkload.IMAGES, 0.3, 2);
        ChildRun shortRun = run(SampleCommands.decoderBench(images, 2, DECODES / 8, 1));
        ChildRun longRun = run(SampleCommands.decoderBench(images, 2, DECODES / 2, 1));

        assertEquals(DECODES, (int) longRun.number("images"), longRun::toString);
        // With two threads, a decode that entered a method's first version runs it to its end. The callees its
        // verdicts wait for are loaded at the method's definition (docs/architecture.md, "Rewrite late"), so that
        // first version already releases its buffers: nothing is left to the GC at start-up either.
        assertClean(shortRun, "autopool SUMMARY", 0);
        assertClean(longRun, "autopool SUMMARY", 0);
        assertBounded(shortRun, longRun);
    }

    private static ChildRun run(String[] args) throws Exception {
        ChildRun run = ChildJvm.create().jvmArgs(HEAP).withAgent(Jars.agent(), SampleRuns.agentArgs("leak=full"))
                .runJar(Jars.sample(), TIMEOUT_SECONDS, args);
        assertEquals(0, run.exitCode(), run::toString);
        return run;
    }

    /**
     * Every borrow came home exactly once, but for at most {@code startUp} borrows left to the GC (outstanding at
     * exit or reported as leaks): no report of a double or foreign return or write after return, and the
     * runtime's summaries agree: nothing else outstanding or leaked in the array pools (whose summary appears
     * once the app has borrowed an array) and no tensor left open or leaked in the ONNX tensor pool.
     */
    private static void assertClean(ChildRun run, String requiredSummary, long startUp) {
        assertFalse(run.lines(requiredSummary + " ").isEmpty(), () -> "no '" + requiredSummary + "' line:\n" + run);
        assertAll(
                () -> assertTrue(run.lines("autopool LEAK").size() <= startUp, run::toString),
                () -> assertTrue(run.lines("autopool DOUBLE-RETURN").isEmpty(), run::toString),
                () -> assertTrue(run.lines("autopool FOREIGN-RETURN").isEmpty(), run::toString),
                () -> assertTrue(run.lines("autopool WRITE-AFTER-RETURN").isEmpty(), run::toString));
        if (!run.lines("autopool SUMMARY ").isEmpty()) {
            assertAll(
                    () -> assertTrue(run.summaryCount("outstanding") + run.summaryCount("leaks") <= startUp,
                            () -> "outstanding at exit or leaked:\n" + run),
                    () -> assertEquals(run.summaryCount("outstanding") == 0, run.summaryCount("outstandingBytes") == 0,
                            run::toString),
                    () -> assertEquals(0, run.summaryCount("doubleReturns"), run::toString),
                    () -> assertEquals(0, run.summaryCount("foreignReturns"), run::toString),
                    () -> assertEquals(0, run.summaryCount("writesAfterReturn"), run::toString));
        }
        if (!run.lines("autopool ONNX ").isEmpty()) {
            assertAll(
                    () -> assertEquals(0, run.count("autopool ONNX", "open"), run::toString),
                    () -> assertEquals(0, run.count("autopool ONNX", "leaks"), run::toString));
        }
    }

    /** Four times the work may not retain much more than the short run, in the array pools or the process. */
    private static void assertBounded(ChildRun shortRun, ChildRun longRun) {
        long shortRetained = shortRun.summaryCount("retainedBytes");
        long longRetained = longRun.summaryCount("retainedBytes");
        assertAll(
                () -> assertTrue(longRetained <= shortRetained * 1.5 + (16 << 20), () -> "the pool grew with the run: "
                        + shortRetained + " -> " + longRetained + " bytes retained"),
                () -> assertTrue(longRetained <= MAX_HEAP / 2,
                        () -> longRetained + " bytes retained by the pool, over half the heap"),
                () -> assertRssBounded(shortRun, longRun));
    }

    private static void assertRssBounded(ChildRun shortRun, ChildRun longRun) {
        assertTrue(longRun.peakRssKb() <= shortRun.peakRssKb() + RSS_SLACK_KB, () -> "the process grew with the run: "
                + "peak RSS " + shortRun.peakRssKb() + " -> " + longRun.peakRssKb() + " KiB");
    }
}
