package dev.autopool.it.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import dev.autopool.it.Jars;
import dev.autopool.it.SampleCommands;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Start-up: under the agent, warming up makes the predictor's first prediction at least 30 % faster than
 * without warm-up, comparing the medians of several runs of each so one slow run on a loaded machine does not
 * decide.
 */
class StartupIT {
    private static final int RUNS = 5;

    @Test
    void warmUpMakesTheFirstPredictionAtLeastThirtyPercentFaster() throws Exception {
        double cold = medianFirstMs(false);
        double warm = medianFirstMs(true);

        assertTrue(warm <= 0.7 * cold, () -> String.format(
                "median first prediction %.1f ms with warm-up, %.1f ms without: %.0f %% faster, 30 %% expected",
                warm, cold, 100 * (1 - warm / cold)));
    }

    private static double medianFirstMs(boolean warmup) throws Exception {
        double[] firstMs = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            ChildRun run = ChildJvm.create().withAgent(Jars.agent(), SampleRuns.agentArgs(""))
                    .runJar(Jars.sample(), 120, SampleCommands.predictorBench(3, 1, warmup));
            assertEquals(0, run.exitCode(), run::toString);
            firstMs[i] = run.number("firstMs");
        }
        Arrays.sort(firstMs);
        return firstMs[RUNS / 2];
    }
}
