package dev.autopool.benchmarks.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A sentence-embedding client written as in-process embedding clients are (and knowing nothing of autopool):
 * tokenize, three [1, L] int64 inputs, one run, {@code result.get(0).getValue()} as {@code float[1][L][D]}, mean
 * pooling over the attention mask, L2 normalisation. The tokenizer is a word hash (no vocabulary file), enough
 * to give every text its own length and ids.
 */
final class EmbeddingClient implements AutoCloseable {
    private static final long CLS = 1;
    private static final long SEP = 2;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    EmbeddingClient(byte[] model) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        session = env.createSession(model, options);
    }

    /** The unit-length embedding of {@code text}. */
    float[] embed(String text) throws OrtException {
        long[] ids = tokenize(text);
        long[] mask = new long[ids.length];
        Arrays.fill(mask, 1);
        long[] types = new long[ids.length];
        try (OnnxTensor idsTensor = OnnxTensor.createTensor(env, new long[][] {ids});
                OnnxTensor maskTensor = OnnxTensor.createTensor(env, new long[][] {mask});
                OnnxTensor typesTensor = OnnxTensor.createTensor(env, new long[][] {types});
                OrtSession.Result result = session.run(Map.of("input_ids", idsTensor,
                        "attention_mask", maskTensor, "token_type_ids", typesTensor))) {
            float[][][] hidden = (float[][][]) result.get(0).getValue();
            float[] embedding = new float[EmbeddingModel.D];
            float tokens = 0;
            for (int t = 0; t < hidden[0].length; t++) {
                if (mask[t] == 0) continue;
                float[] token = hidden[0][t];
                for (int d = 0; d < embedding.length; d++) embedding[d] += token[d];
                tokens++;
            }
            double norm = 0;
            for (int d = 0; d < embedding.length; d++) {
                embedding[d] /= tokens;
                norm += embedding[d] * embedding[d];
            }
            float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
            for (int d = 0; d < embedding.length; d++) embedding[d] *= scale;
            return embedding;
        }
    }

    private static long[] tokenize(String text) {
        String[] words = text.toLowerCase(Locale.ROOT).split(" ");
        int n = Math.min(words.length, EmbeddingModel.MAX_TOKENS - 2);
        long[] ids = new long[n + 2];
        ids[0] = CLS;
        for (int i = 0; i < n; i++) ids[i + 1] = 3 + Math.floorMod(words[i].hashCode(), EmbeddingModel.VOCAB - 3);
        ids[n + 1] = SEP;
        return ids;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
