package dev.autopool.sample.predictor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The written models load with the documented signatures and compute what the class comment of
 * {@link SwipeModels} says, checked on a two-point swipe from the centre of q to the centre of w.
 */
class SwipeModelsTest {
    private static final int Q = Keyboard.token('q');
    private static final int W = Keyboard.token('w');
    private static final double INV = 1 / (2.0 * SwipeModels.SIGMA * SwipeModels.SIGMA);

    @TempDir
    static Path dir;
    static OrtEnvironment env;
    static OrtSession encoder;
    static OrtSession decoder;

    @BeforeAll
    static void load() throws OrtException {
        Path[] models = SwipeModels.write(dir);
        env = OrtEnvironment.getEnvironment();
        encoder = env.createSession(models[0].toString());
        decoder = env.createSession(models[1].toString());
    }

    @AfterAll
    static void close() throws OrtException {
        encoder.close();
        decoder.close();
    }

    @Test
    void modelsHaveTheDocumentedSignatures() throws OrtException {
        assertArrayEquals(new long[] {1, -1, 6}, shape(encoder.getInputInfo().get("trajectory_features").getInfo()));
        assertArrayEquals(new long[] {1, -1}, shape(encoder.getInputInfo().get("nearest_keys").getInfo()));
        assertArrayEquals(new long[] {1}, shape(encoder.getInputInfo().get("actual_length").getInfo()));
        assertArrayEquals(new long[] {1, -1, 256}, shape(encoder.getOutputInfo().get("memory").getInfo()));
        assertArrayEquals(new long[] {1, -1, 256}, shape(decoder.getInputInfo().get("memory").getInfo()));
        assertArrayEquals(new long[] {-1, 20}, shape(decoder.getInputInfo().get("target_tokens").getInfo()));
        assertArrayEquals(new long[] {1}, shape(decoder.getInputInfo().get("actual_src_length").getInfo()));
        assertArrayEquals(new long[] {-1, 20, 30}, shape(decoder.getOutputInfo().get("logits").getInfo()));
    }

    @Test
    void modelsAreWrittenOnlyOnce() throws Exception {
        Path encoderFile = dir.resolve(SwipeModels.ENCODER_FILE);
        FileTime old = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(encoderFile, old);
        SwipeModels.write(dir);
        assertEquals(old, Files.getLastModifiedTime(encoderFile));
    }

    @Test
    void encoderMemoryHoldsKeyLikelihoodsPositionAndPathLength() throws OrtException {
        float[][] m = encodeQw()[0];
        assertEquals(SwipeModels.NEAREST_BONUS, m[0][Q], 1e-4, "at q's centre, nearest key q");
        assertEquals(-1 * INV, m[0][W], 1e-4, "one key from w");
        assertEquals(-1.25 * INV, m[0][Keyboard.token('a')], 1e-4, "a is half a key right and a row down");
        assertEquals(SwipeModels.NEAREST_BONUS, m[1][W], 1e-4);
        assertEquals(-4 * INV, m[1][Keyboard.token('r')], 1e-4);
        for (int special = 0; special < Keyboard.FIRST_LETTER; special++) assertEquals(-1000, m[0][special], 1e-3);
        assertEquals(1.5f, m[1][SwipeModels.COL_X], 1e-6);
        assertEquals(0.5f, m[1][SwipeModels.COL_Y], 1e-6);
        assertEquals(0f, m[0][SwipeModels.COL_ARC], 1e-6);
        assertEquals(1f, m[1][SwipeModels.COL_ARC], 1e-6, "one key travelled");
        assertEquals(1f, m[1][SwipeModels.COL_VALID]);
        assertEquals(0f, m[1][100]);
    }

    @Test
    void decoderFollowsTheSwipeFromQToWToTheEnd() throws OrtException {
        float[][] logits = decode(encodeQw(), new int[] {Keyboard.SOS, Q, W});
        assertEquals(Q, argmax(logits[0]), "first letter: where the swipe starts");
        assertEquals(W, argmax(logits[1]), "after q: where it goes");
        assertEquals(Keyboard.EOS, argmax(logits[2]), "after q, w: the swipe is over");
        for (float[] row : logits) {
            double sum = 0;
            for (float v : row) sum += Math.exp(v);
            assertEquals(1, sum, 1e-4, "log-softmaxed");
        }
    }

    @Test
    void decoderScoresMatchAHandComputation() throws OrtException {
        float[][][] memory = encodeQw();
        float[][] m = memory[0];
        float[][] logits = decode(memory, new int[] {Keyboard.SOS, Q, W});
        double[][] e = new double[2][Keyboard.VOCAB];
        for (int t = 0; t < 2; t++) for (int v = 0; v < Keyboard.VOCAB; v++) e[t][v] = Math.exp(m[t][v]);
        // Position 0: the first letter weighs points by the path before them (none at 0, one key at 1).
        double[] reach0 = {1, Math.exp(-SwipeModels.START_END)};
        double[] s0 = new double[Keyboard.VOCAB];
        for (int v = 0; v < Keyboard.VOCAB; v++) s0[v] = reach0[0] * e[0][v] + reach0[1] * e[1][v];
        assertLogSoftmaxOfLog(s0, logits[0]);
        // Position 1, after q: alignment of q, then moving on (straight, one key: no detour, progress 1-e^-2)
        // or staying at the same point.
        double[] alpha = {reach0[0] * e[0][Q], reach0[1] * e[1][Q]};
        double z = alpha[0] + alpha[1];
        alpha[0] /= z;
        alpha[1] /= z;
        double onward = 1 - Math.exp(-1 / SwipeModels.PROGRESS);
        double[] reach1 = {SwipeModels.STAY * alpha[0], onward * alpha[0] + SwipeModels.STAY * alpha[1]};
        double[] s1 = new double[Keyboard.VOCAB];
        for (int v = 0; v < Keyboard.VOCAB; v++) s1[v] = reach1[0] * e[0][v] + reach1[1] * e[1][v];
        s1[Keyboard.EOS] = alpha[0] * Math.exp(-SwipeModels.START_END) + alpha[1];
        assertLogSoftmaxOfLog(s1, logits[1]);
    }

    private static void assertLogSoftmaxOfLog(double[] scores, float[] actual) {
        double total = 0;
        for (double s : scores) total += s + SwipeModels.TINY;
        for (int v = 0; v < scores.length; v++) {
            double expected = Math.log(scores[v] + SwipeModels.TINY) - Math.log(total);
            if (expected > -30) assertEquals(expected, actual[v], 1e-3, "token " + v);
            else assertTrue(actual[v] < -30, "token " + v + " impossible: " + actual[v]);
        }
    }

    private static float[][][] encodeQw() throws OrtException {
        float[][][] trajectory = {{{0.5f, 0.5f, 0, 0, 0, 0}, {1.5f, 0.5f, 1, 0, 1, 0}}};
        try (OnnxTensor t = OnnxTensor.createTensor(env, trajectory);
                OnnxTensor k = OnnxTensor.createTensor(env, new int[][] {{Q, W}});
                OnnxTensor n = OnnxTensor.createTensor(env, new int[] {2});
                OrtSession.Result r = encoder.run(
                        Map.of("trajectory_features", t, "nearest_keys", k, "actual_length", n))) {
            return (float[][][]) r.get(0).getValue();
        }
    }

    private static float[][] decode(float[][][] memory, int[] prefix) throws OrtException {
        int[][] tokens = new int[1][SwipeModels.TARGET];
        System.arraycopy(prefix, 0, tokens[0], 0, prefix.length);
        try (OnnxTensor m = OnnxTensor.createTensor(env, memory);
                OnnxTensor t = OnnxTensor.createTensor(env, tokens);
                OnnxTensor n = OnnxTensor.createTensor(env, new int[] {memory[0].length});
                OrtSession.Result r = decoder.run(Map.of("memory", m, "target_tokens", t, "actual_src_length", n))) {
            return ((float[][][]) r.get(0).getValue())[0];
        }
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
        return best;
    }

    private static long[] shape(ai.onnxruntime.ValueInfo info) {
        return ((TensorInfo) info).getShape();
    }
}
