package dev.autopool.sample.predictor;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Predicts the words a swipe may have meant: the encoder turns the trajectory into memory (cached for recent
 * trajectories), then a lexicon-constrained beam search runs the decoder once per step. One predictor (and its
 * two ONNX Runtime sessions) is shared by all threads.
 */
public final class SwipePredictor implements AutoCloseable {
    static final int BEAM_WIDTH = 6;
    static final int TOP = 5;
    static final int CACHE_ENTRIES = 4;
    static final long CACHE_STALE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final System.Logger LOG = System.getLogger(SwipePredictor.class.getName());

    private final OrtEnvironment env;
    private final OrtSession encoder;
    private final OrtSession decoder;
    private final Lexicon lexicon;
    private final EncoderCache cache;
    private final AtomicLong encoderRuns = new AtomicLong();

    private SwipePredictor(
            OrtEnvironment env, OrtSession encoder, OrtSession decoder, Lexicon lexicon, EncoderCache cache) {
        this.env = env;
        this.encoder = encoder;
        this.decoder = decoder;
        this.lexicon = lexicon;
        this.cache = cache;
    }

    /** Writes the models into {@code modelDir} if needed and opens them, with the shipped lexicon. */
    public static SwipePredictor open(Path modelDir) throws OrtException {
        return open(modelDir, Lexicon.load(), System::nanoTime);
    }

    static SwipePredictor open(Path modelDir, Lexicon lexicon, LongSupplier clock) throws OrtException {
        Path[] models = SwipeModels.write(modelDir);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // Callers bring their own threads; one intra-op thread also keeps every score bit-reproducible.
            options.setIntraOpNumThreads(1);
            OrtSession encoder = env.createSession(models[0].toString(), options);
            try {
                OrtSession decoder = env.createSession(models[1].toString(), options);
                return new SwipePredictor(env, encoder, decoder, lexicon,
                        new EncoderCache(CACHE_ENTRIES, CACHE_STALE_NANOS, clock));
            } catch (OrtException | RuntimeException e) {
                encoder.close();
                throw e;
            }
        }
    }

    /** The default model folder: under the system temp dir, one per user. */
    public static Path defaultModelDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "autopool-predictor-" + System.getProperty("user.name"));
    }

    Lexicon lexicon() {
        return lexicon;
    }

    long encoderRuns() {
        return encoderRuns.get();
    }

    /** The best {@value #TOP} words for a gesture, best first; a gesture longer than the model takes is cut. */
    public List<Prediction> predict(Gesture gesture) throws OrtException {
        if (gesture.size() > SwipeModels.MAX_POINTS) {
            LOG.log(System.Logger.Level.WARNING, "gesture of {0} points cut to the model''s {1}",
                    gesture.size(), SwipeModels.MAX_POINTS);
            gesture = gesture.head(SwipeModels.MAX_POINTS);
        }
        Features features = Features.of(gesture, SwipeModels.MAX_POINTS);
        long key = features.hash();
        float[][][] memory = cache.get(key);
        if (memory == null) {
            memory = encode(features);
            cache.put(key, memory);
        }
        float[][][] source = memory;
        try {
            return BeamSearch.search(
                    lexicon, prefixes -> decode(source, features.actualLength(), prefixes), BEAM_WIDTH, TOP);
        } catch (DecoderFailure e) {
            throw e.getCause();
        }
    }

    float[][][] encode(Features f) throws OrtException {
        encoderRuns.incrementAndGet();
        try (OnnxTensor trajectory = OnnxTensor.createTensor(env, f.trajectory());
                OnnxTensor nearest = OnnxTensor.createTensor(env, f.nearestKeys());
                OnnxTensor length = OnnxTensor.createTensor(env, f.actualLength());
                OrtSession.Result result = encoder.run(Map.of(
                        "trajectory_features", trajectory, "nearest_keys", nearest, "actual_length", length))) {
            return (float[][][]) result.get(0).getValue();
        }
    }

    /** Log-probabilities of the next token after each prefix: the decoder's row at the prefix's last position. */
    float[][] decode(float[][][] memory, int[] sourceLength, int[][] prefixes) {
        int[][] tokens = new int[prefixes.length][SwipeModels.TARGET];
        for (int b = 0; b < prefixes.length; b++) System.arraycopy(prefixes[b], 0, tokens[b], 0, prefixes[b].length);
        try (OnnxTensor mem = OnnxTensor.createTensor(env, memory);
                OnnxTensor target = OnnxTensor.createTensor(env, tokens);
                OnnxTensor length = OnnxTensor.createTensor(env, sourceLength);
                OrtSession.Result result = decoder.run(Map.of(
                        "memory", mem, "target_tokens", target, "actual_src_length", length))) {
            float[][][] logits = (float[][][]) result.get(0).getValue();
            float[][] next = new float[prefixes.length][];
            // Copied out, so nothing of the [beam][TARGET][V] output outlives this step.
            for (int b = 0; b < prefixes.length; b++) {
                float[] row = logits[b][prefixes[b].length - 1];
                next[b] = Arrays.copyOf(row, row.length);
            }
            return next;
        } catch (OrtException e) {
            throw new DecoderFailure(e);
        }
    }

    @Override
    public void close() throws OrtException {
        try {
            encoder.close();
        } finally {
            decoder.close();
        }
    }

    /** Carries a checked ONNX Runtime failure out of the beam search's scorer. */
    private static final class DecoderFailure extends RuntimeException {
        DecoderFailure(OrtException cause) {
            super(cause);
        }

        @Override
        public synchronized OrtException getCause() {
            return (OrtException) super.getCause();
        }
    }
}
