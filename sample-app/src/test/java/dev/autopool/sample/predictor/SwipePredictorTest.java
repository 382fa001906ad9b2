package dev.autopool.sample.predictor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SwipePredictorTest {
    @TempDir
    static Path models;
    static SwipePredictor predictor;

    @BeforeAll
    static void open() throws OrtException {
        predictor = SwipePredictor.open(models);
    }

    @AfterAll
    static void close() throws OrtException {
        predictor.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"the", "hello", "world", "keyboard", "predict"})
    void predictsCommonWordsFromTheirSwipes(String word) throws OrtException {
        List<Prediction> top = predictor.predict(SwipeSynthesizer.swipe(word, 1));
        assertEquals(SwipePredictor.TOP, top.size());
        assertEquals(word, top.get(0).word(), top.toString());
    }

    @Test
    void onThousandSwipesTopOneIsAtLeastSeventyAndTopThreeEightyFivePercent() throws Exception {
        PredictorBench.Result r = PredictorBench.run(predictor, 1000, 2, 42);
        assertTrue(r.top1() >= 0.70, r.resultLine());
        assertTrue(r.top3() >= 0.85, r.resultLine());
    }

    @Test
    void scoresAreBitReproducibleWhateverTheThreads() throws Exception {
        long oneThread = PredictorBench.run(predictor, 30, 1, 7).checksum();
        assertEquals(oneThread, PredictorBench.run(predictor, 30, 2, 7).checksum());
    }

    @Test
    void decodingTheSameSwipeAgainSkipsTheEncoder() throws OrtException {
        Gesture swipe = SwipeSynthesizer.swipe("cache", 3);
        List<Prediction> first = predictor.predict(swipe);
        long runs = predictor.encoderRuns();
        assertEquals(first, predictor.predict(swipe));
        assertEquals(runs, predictor.encoderRuns());
    }

    @Test
    void aGestureNeedsTwoFinitePoints() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new Gesture(new float[0], new float[0], new float[0]));
        assertTrue(empty.getMessage().contains("at least 2 points, got 0"), empty.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> new Gesture(new float[] {1}, new float[] {1}, new float[] {0}));
        assertTrue(one.getMessage().contains("got 1"), one.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new Gesture(new float[] {1, Float.NaN}, new float[] {1, 1}, new float[] {0, 16}));
        assertTrue(nan.getMessage().contains("point 1 is not a finite number"), nan.getMessage());
    }

    @Test
    void aSwipeThatNeverMovesStillGetsFiniteScores() throws OrtException {
        Gesture still = new Gesture(new float[] {1, 1}, new float[] {1.5f, 1.5f}, new float[] {0, 16});
        List<Prediction> top = predictor.predict(still);
        assertFalse(top.isEmpty());
        for (Prediction p : top) assertTrue(Float.isFinite(p.score()), top.toString());
    }

    @Test
    void anOverLongGestureIsCutToTheModelsLengthWithAWarning() throws OrtException {
        Gesture slow = stretched(SwipeSynthesizer.swipe("typewriter", 5), 8);
        assertTrue(slow.size() > SwipeModels.MAX_POINTS);
        List<LogRecord> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger log = Logger.getLogger(SwipePredictor.class.getName());
        log.addHandler(capture);
        try {
            List<Prediction> top = predictor.predict(slow);
            assertEquals(predictor.predict(slow.head(SwipeModels.MAX_POINTS)), top);
        } finally {
            log.removeHandler(capture);
        }
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).getMessage().contains("cut"), warnings.get(0).getMessage());
    }

    @Test
    void aFailingDecoderStepSurfacesAndLeavesThePredictorUsable() throws OrtException {
        Features f = Features.of(SwipeSynthesizer.swipe("error", 1), SwipeModels.MAX_POINTS);
        float[][][] memory = predictor.encode(f);
        int[][] outOfVocabulary = {{Keyboard.SOS, 99}};
        assertThrows(RuntimeException.class, () -> predictor.decode(memory, f.actualLength(), outOfVocabulary));
        assertEquals("error", predictor.predict(SwipeSynthesizer.swipe("error", 1)).get(0).word());
    }

    /** The same path drawn {@code factor} times slower (linearly interpolated samples). */
    private static Gesture stretched(Gesture g, int factor) {
        int n = (g.size() - 1) * factor + 1;
        float[] x = new float[n];
        float[] y = new float[n];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            int a = i / factor;
            int b = Math.min(a + 1, g.size() - 1);
            float u = (i % factor) / (float) factor;
            x[i] = g.x()[a] + u * (g.x()[b] - g.x()[a]);
            y[i] = g.y()[a] + u * (g.y()[b] - g.y()[a]);
            t[i] = i * SwipeSynthesizer.SAMPLE_MS;
        }
        return new Gesture(x, y, t);
    }
}
