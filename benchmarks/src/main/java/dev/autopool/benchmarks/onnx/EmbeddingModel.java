package dev.autopool.benchmarks.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A small sentence-embedding model shaped like all-MiniLM-L6-v2, written from Java as the sample predictor writes
 * its models (a {@code ModelProto} encoded field by field with protobuf's wire format, no generated classes):
 * inputs {@code input_ids}, {@code attention_mask} and {@code token_type_ids} of shape [1, L] (int64), word,
 * position and type embeddings, {@link #LAYERS} encoder layers (single-head masked self-attention and a ReLU
 * feed-forward block, each with a residual and a layer norm), output {@code last_hidden_state} [1, L, {@link #D}]
 * (float). Weights are small deterministic pseudo-random values; the embeddings mean nothing, but the shapes,
 * the ops and the work per token are those of a real client's model.
 */
final class EmbeddingModel {
    static final int VOCAB = 4096;
    static final int MAX_TOKENS = 256;
    static final int D = 384;
    static final int FF = 768;
    static final int LAYERS = 2;

    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private int counter;
    private long seed = 0x5DEECE66DL;

    private EmbeddingModel() {}

    /** The serialised model. */
    static byte[] build() {
        EmbeddingModel g = new EmbeddingModel();
        String ids = g.input("input_ids", INT64);
        String mask = g.input("attention_mask", INT64);
        String types = g.input("token_type_ids", INT64);

        String length = g.op("Slice", g.op("Shape", ids), g.longs("one", 1), g.longs("two", 2), g.longs("zero", 0));
        String positions = g.op("Slice", g.weights("position_embeddings", 0.02f, MAX_TOKENS, D),
                g.longs("start", 0), length, g.longs("axis0", 0));
        String x = g.op("Add", g.op("Add", g.op("Gather", g.weights("word_embeddings", 0.05f, VOCAB, D), ids),
                g.op("Gather", g.weights("type_embeddings", 0.02f, 2, D), types)), positions);
        x = g.layerNorm(x, "embeddings");
        // (1 - mask) * -10000 as [1, 1, L]: padded keys get no attention.
        String maskBias = g.op("Unsqueeze", g.op("Mul", g.op("Sub", g.floats("fone", 1f),
                g.op("Cast", List.of(attrInt("to", FLOAT)), mask)), g.floats("neg", -10000f)), g.longs("axis1", 1));
        for (int layer = 0; layer < LAYERS; layer++) {
            String p = "layer" + layer + ".";
            String q = g.linear(x, p + "query", D, D);
            String k = g.linear(x, p + "key", D, D);
            String v = g.linear(x, p + "value", D, D);
            String scores = g.op("Mul", g.op("MatMul", q, g.op("Transpose", List.of(attrInts("perm", 0, 2, 1)), k)),
                    g.floats(p + "scale", (float) (1 / Math.sqrt(D))));
            String probs = g.op("Softmax", List.of(attrInt("axis", -1)), g.op("Add", scores, maskBias));
            String attention = g.linear(g.op("MatMul", probs, v), p + "attention_output", D, D);
            x = g.layerNorm(g.op("Add", x, attention), p + "attention");
            String hidden = g.op("Relu", g.linear(x, p + "intermediate", D, FF));
            x = g.layerNorm(g.op("Add", x, g.linear(hidden, p + "output", FF, D)), p + "output");
        }
        g.opInto("last_hidden_state", "Identity", List.of(), x);
        g.outputs.add(valueInfo("last_hidden_state", FLOAT, true));
        return g.toBytes();
    }

    private String linear(String x, String name, int in, int out) {
        return op("Add", op("MatMul", x, weights(name + ".weight", (float) (1 / Math.sqrt(in)), in, out)),
                weights(name + ".bias", 0.01f, out));
    }

    private String layerNorm(String x, String name) {
        float[] ones = new float[D];
        java.util.Arrays.fill(ones, 1f);
        return op("LayerNormalization", List.of(attrInt("axis", -1), attrFloat("epsilon", 1e-12f)), x,
                floats(name + ".gamma", ones, D), weights(name + ".beta", 0.01f, D));
    }

    private String input(String name, int type) {
        inputs.add(valueInfo(name, type, false));
        return name;
    }

    /** A float initializer of these dimensions, values uniform in [-scale, scale) from a fixed seed. */
    private String weights(String name, float scale, long... dims) {
        long n = 1;
        for (long d : dims) n *= d;
        float[] data = new float[(int) n];
        for (int i = 0; i < data.length; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            data[i] = ((seed >>> 40) / (float) (1 << 24) * 2 - 1) * scale;
        }
        return floats(name, data, dims);
    }

    private String floats(String name, float value) {
        return floats(name, new float[] {value});
    }

    private String floats(String name, float[] data, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        return initializer(name, FLOAT, raw.array(), dims);
    }

    private String longs(String name, long... data) {
        ByteBuffer raw = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(data);
        return initializer(name, INT64, raw.array(), data.length);
    }

    private String initializer(String name, int type, byte[] raw, long... dims) {
        initializers.add(message(o -> {
            for (long d : dims) o.writeInt64(1, d);
            o.writeInt32(2, type);
            o.writeString(8, name);
            o.writeByteArray(9, raw);
        }));
        return name;
    }

    private String op(String type, String... in) {
        return op(type, List.of(), in);
    }

    private String op(String type, List<byte[]> attributes, String... in) {
        String out = type.toLowerCase() + "_" + counter++;
        opInto(out, type, attributes, in);
        return out;
    }

    private void opInto(String out, String type, List<byte[]> attributes, String... in) {
        nodes.add(message(o -> {
            for (String i : in) o.writeString(1, i);
            o.writeString(2, out);
            o.writeString(3, out);
            o.writeString(4, type);
            for (byte[] a : attributes) o.writeByteArray(5, a);
        }));
    }

    private static byte[] attrInt(String name, long value) {
        return message(o -> {
            o.writeString(1, name);
            o.writeInt64(3, value);
            o.writeInt32(20, 2);
        });
    }

    private static byte[] attrFloat(String name, float value) {
        return message(o -> {
            o.writeString(1, name);
            o.writeFloat(2, value);
            o.writeInt32(20, 1);
        });
    }

    private static byte[] attrInts(String name, long... values) {
        return message(o -> {
            o.writeString(1, name);
            for (long v : values) o.writeInt64(8, v);
            o.writeInt32(20, 7);
        });
    }

    /** A [1, L] (or [1, L, D] for the output) tensor type with a symbolic L. */
    private static byte[] valueInfo(String name, int type, boolean hidden) {
        byte[] shape = message(o -> {
            o.writeByteArray(1, message(d -> d.writeInt64(1, 1)));
            o.writeByteArray(1, message(d -> d.writeString(2, "L")));
            if (hidden) o.writeByteArray(1, message(d -> d.writeInt64(1, D)));
        });
        byte[] tensor = message(o -> {
            o.writeInt32(1, type);
            o.writeByteArray(2, shape);
        });
        return message(o -> {
            o.writeString(1, name);
            o.writeByteArray(2, message(t -> t.writeByteArray(1, tensor)));
        });
    }

    private byte[] toBytes() {
        byte[] graph = message(o -> {
            for (byte[] n : nodes) o.writeByteArray(1, n);
            o.writeString(2, "embedding");
            for (byte[] t : initializers) o.writeByteArray(5, t);
            for (byte[] v : inputs) o.writeByteArray(11, v);
            for (byte[] v : outputs) o.writeByteArray(12, v);
        });
        byte[] opset = message(o -> o.writeInt64(2, 17));
        return message(o -> {
            o.writeInt64(1, 8);
            o.writeString(2, "autopool-embedding-bench");
            o.writeByteArray(7, graph);
            o.writeByteArray(8, opset);
        });
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
