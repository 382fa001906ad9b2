package dev.autopool.it.endtoend;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildRun;
import dev.autopool.it.Jdk;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Same answers: each sample app gives bit-identical results with and without the agent, on the same inputs,
 * with 1, 2 and 8 threads, on JDK 17 and on the newest JDK installed.
 */
class SameAnswersIT {

    static Stream<Arguments> runs() {
        return Jdk.installed().stream().flatMap(jdk -> Stream.of(SampleWorkload.values())
                .flatMap(app -> Stream.of(1, 2, 8).map(threads -> Arguments.of(app, threads, jdk))));
    }

    @ParameterizedTest(name = "{0} with {1} thread(s) on {2}")
    @MethodSource("runs")
    void theAgentChangesNoAnswer(SampleWorkload app, int threads, Jdk jdk) {
        ChildRun plain = SampleRuns.plain(app, threads, jdk);
        ChildRun pooled = SampleRuns.pooled(app, threads, jdk, "");

        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertAll(
                () -> assertEquals(app.outputKeys().size(), app.outputs(plain.result()).size(),
                        () -> "the RESULT line carries every answer " + app.outputKeys() + ": " + plain.result()),
                () -> assertEquals(app.outputs(plain.result()), app.outputs(pooled.result()),
                        "answers with the agent must be bit-identical to those without it"),
                () -> assertTrue(app.reuses(pooled) > 0,
                        () -> "the agent must actually have pooled something:\n" + pooled),
                () -> assertTrue(pooled.lines("autopool REWRITE-FAILED").isEmpty(), pooled::toString),
                () -> assertTrue(pooled.lines("autopool DOUBLE-RETURN").isEmpty(), pooled::toString));
    }
}
