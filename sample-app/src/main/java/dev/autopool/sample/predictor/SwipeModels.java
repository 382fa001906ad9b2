package dev.autopool.sample.predictor;

import dev.autopool.sample.predictor.OnnxGraph.Attr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the predictor's two ONNX models from the keyboard's geometry (nothing is trained) and writes them, once,
 * into a folder.
 *
 * <p>L is the gesture's number of points, at most {@value #MAX_POINTS} (the predictor cuts longer gestures);
 * points at or past {@code actual_length} count as padding.
 *
 * <p><b>Encoder</b> ({@code trajectory_features} [1,L,6], {@code nearest_keys} [1,L], {@code actual_length} [1]
 * → {@code memory} [1,L,256]). Per point, columns 0..29 hold the log-likelihood that the point was aimed at each
 * vocabulary token: for a letter, {@code -|p - key|²/2σ²} (expanded into MatMuls of the features and of their
 * squares) plus a bonus for the point's nearest key (a Gather from an embedding table); other tokens and padding
 * points get -1000. Column 30/31 hold x/y, 32 the path length travelled so far (a triangular MatMul over the per
 * sample speeds), 33 is 1 on real points. The rest is zero.
 *
 * <p><b>Decoder</b> ({@code memory}, {@code target_tokens} [beams,20], {@code actual_src_length} [1] →
 * {@code logits} [beams,20,30], log-softmaxed). It runs a forward alignment of the target letters over the
 * trajectory's points: {@code alpha_i(t)} is the (normalised) weight of letter i being typed at point t,
 * {@code alpha_i = (alpha_{i-1} · T) ⊙ emission(token_i)}. The transition {@code T(s,t)} (t after s) is an
 * attention matrix computed from memory: it decays with the detour the path makes between s and t (path length
 * minus straight distance), so a letter the path turned at cannot be skipped, and needs some progress along the
 * path (a small weight on staying put keeps double letters possible). Position i's score for a letter v is
 * {@code (alpha_i · T) · emission(v)}: how strongly the path visits v next; for end-of-word it is how close
 * {@code alpha_i} lies to the end of the path. Logits are the log of these scores, log-softmaxed.
 */
final class SwipeModels {
    static final int MAX_POINTS = 192;
    static final int MEMORY = 256;
    static final int TARGET = 20;
    static final int V = Keyboard.VOCAB;
    static final int COL_X = 30;
    static final int COL_Y = 31;
    static final int COL_ARC = 32;
    static final int COL_VALID = 33;

    static final String ENCODER_FILE = "swipe-encoder.onnx";
    static final String DECODER_FILE = "swipe-decoder.onnx";

    /** Spread of the aim around a key centre, in keys. */
    static final float SIGMA = 0.45f;
    static final float NEAREST_BONUS = 0.5f;
    static final float IMPOSSIBLE = -1000f;
    /** Penalty per key of detour between two consecutive letters. */
    static final float DETOUR = 1.5f;
    /** Penalty per key of path before the first letter and after the last. */
    static final float START_END = 2f;
    /** Path length (keys) over which a next letter's weight ramps up. */
    static final float PROGRESS = 0.5f;
    /** Weight of typing the next letter at the same point (double letters). */
    static final float STAY = 0.3f;
    static final float TINY = 1e-30f;

    private SwipeModels() {}

    /** The two model files in {@code dir}, written if missing or different from what this build produces. */
    static Path[] write(Path dir) {
        try {
            Files.createDirectories(dir);
            return new Path[] {writeIfChanged(dir.resolve(ENCODER_FILE), encoder()),
                    writeIfChanged(dir.resolve(DECODER_FILE), decoder())};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the predictor models into " + dir, e);
        }
    }

    private static Path writeIfChanged(Path file, byte[] bytes) throws IOException {
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) return file;
        // Write beside it and move, so a concurrent reader never sees half a model.
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    static byte[] encoder() {
        int l = MAX_POINTS;
        OnnxGraph g = new OnnxGraph("swipe_encoder");
        String feats = g.input("trajectory_features", OnnxGraph.FLOAT, 1L, "L", 6L);
        String nearest = g.input("nearest_keys", OnnxGraph.INT32, 1L, "L");
        String length = g.input("actual_length", OnnxGraph.INT32, 1L);

        float inv = 1f / (2 * SIGMA * SIGMA);
        float[] linear = new float[6 * MEMORY];
        float[] square = new float[6 * MEMORY];
        float[] bias = new float[MEMORY];
        float[] nearestTable = new float[V * MEMORY];
        float[] invalidPenalty = new float[MEMORY];
        for (int v = 0; v < V; v++) {
            invalidPenalty[v] = -IMPOSSIBLE;
            if (v < Keyboard.FIRST_LETTER) {
                bias[v] = IMPOSSIBLE;
                continue;
            }
            char c = Keyboard.letter(v);
            float kx = Keyboard.keyX(c);
            float ky = Keyboard.keyY(c);
            linear[v] = 2 * kx * inv;
            linear[MEMORY + v] = 2 * ky * inv;
            square[v] = -inv;
            square[MEMORY + v] = -inv;
            bias[v] = -(kx * kx + ky * ky) * inv;
            nearestTable[v * MEMORY + v] = NEAREST_BONUS;
        }
        linear[COL_X] = 1;
        linear[MEMORY + COL_Y] = 1;
        float[] speedOf = {0, 0, 1, 1, 0, 0};
        float[] cumulative = new float[l * l];
        for (int t = 0; t < l; t++) {
            for (int s = 0; s <= t; s++) cumulative[t * l + s] = 1;
        }
        int[] iota = new int[l];
        Arrays.setAll(iota, i -> i);

        String n = points(g, feats);
        String sq = g.op("Mul", feats, feats);
        String lin = g.op("Add",
                g.op("MatMul", feats, g.floats("linear", linear, 6, MEMORY)),
                g.op("MatMul", sq, g.floats("square", square, 6, MEMORY)));
        String embedding = g.floats("nearest_key_embedding", nearestTable, V, MEMORY);
        String keyed = g.op("Add", g.op("Gather", embedding, nearest), g.floats("bias", bias, MEMORY));
        String valid = g.op("Cast", List.of(Attr.i("to", OnnxGraph.FLOAT)),
                g.op("Less", slice(g, g.ints("point_index", iota, 1, l, 1), n, 1), length));
        String speed = g.op("Mul", g.op("Sqrt", g.op("MatMul", sq, g.floats("speed_of", speedOf, 6, 1))), valid);
        String arc = g.op("MatMul", slice(g, g.floats("cumulative", cumulative, l, l), n, 0, 1), speed);
        String penalty = g.op("MatMul", g.op("Sub", valid, g.scalar("one", 1f)),
                g.floats("invalid_penalty", invalidPenalty, 1, MEMORY));
        String columns = g.op("Add",
                g.op("MatMul", arc, g.floats("arc_column", unit(COL_ARC), 1, MEMORY)),
                g.op("MatMul", valid, g.floats("valid_column", unit(COL_VALID), 1, MEMORY)));
        g.opInto("memory", "Add", List.of(), g.op("Add", lin, keyed), g.op("Add", penalty, columns));
        g.output("memory", OnnxGraph.FLOAT, 1L, "L", (long) MEMORY);
        return g.toBytes();
    }

    static byte[] decoder() {
        int l = MAX_POINTS;
        OnnxGraph g = new OnnxGraph("swipe_decoder");
        String memory = g.input("memory", OnnxGraph.FLOAT, 1L, "L", (long) MEMORY);
        String tokens = g.input("target_tokens", OnnxGraph.INT32, "beams", (long) TARGET);
        String length = g.input("actual_src_length", OnnxGraph.INT32, 1L);

        String one = g.scalar("one", 1f);
        String tiny = g.scalar("tiny", TINY);
        String axis1 = g.longs("axis1", 1);
        String n = points(g, memory);
        String m = g.op("Reshape", memory, g.longs("memory_2d", -1, MEMORY));

        float[] selectEmission = new float[MEMORY * V];
        for (int v = 0; v < V; v++) selectEmission[v * V + v] = 1;
        float[] selectXy = new float[MEMORY * 2];
        selectXy[COL_X * 2] = 1;
        selectXy[COL_Y * 2 + 1] = 1;
        float[] selectArc = unit(COL_ARC);
        float[] upper = new float[l * l];
        float[] stay = new float[l * l];
        for (int s = 0; s < l; s++) {
            for (int t = s + 1; t < l; t++) upper[s * l + t] = 1;
            stay[s * l + s] = STAY;
        }
        int[] iota = new int[l];
        Arrays.setAll(iota, i -> i);

        // Emission probabilities [L,V] and their transpose for gathering rows by token.
        String emission = g.op("Exp", g.op("MatMul", m, g.floats("select_emission", selectEmission, MEMORY, V)));
        String emissionByToken = g.op("Transpose", List.of(Attr.ints("perm", 1, 0)), emission);

        // Straight distance between every two points: |p|² + |q|² - 2 p·q.
        String xy = g.op("MatMul", m, g.floats("select_xy", selectXy, MEMORY, 2));
        String dot = g.op("MatMul", xy, g.op("Transpose", List.of(Attr.ints("perm", 1, 0)), xy));
        String norm = g.op("MatMul", g.op("Mul", xy, xy), g.floats("ones_2", new float[] {1, 1}, 2, 1));
        String normT = g.op("Transpose", List.of(Attr.ints("perm", 1, 0)), norm);
        String chord = g.op("Sqrt", g.op("Relu",
                g.op("Add", g.op("Sub", norm, g.op("Mul", dot, g.scalar("two", 2f))), normT)));

        // Path length between every two points, and the detour it makes.
        String arc = g.op("MatMul", m, g.floats("select_arc", selectArc, MEMORY, 1));
        String arcT = g.op("Transpose", List.of(Attr.ints("perm", 1, 0)), arc);
        String travelled = g.op("Sub", arcT, arc);
        String detour = g.op("Relu", g.op("Sub", travelled, chord));
        String progress = g.op("Sub", one,
                g.op("Exp", g.op("Mul", g.op("Relu", travelled), g.scalar("progress_rate", -1f / PROGRESS))));
        String valid = g.op("Cast", List.of(Attr.i("to", OnnxGraph.FLOAT)),
                g.op("Less", slice(g, g.ints("point_index", iota, 1, l), n, 1), length));
        String straightness = g.op("Exp", g.op("Mul", detour, g.scalar("detour_rate", -DETOUR)));
        String onward = g.op("Mul", g.op("Mul", straightness, progress),
                slice(g, g.floats("later", upper, l, l), n, 0, 1));
        String transition = g.op("Mul", g.op("Add", onward, slice(g, g.floats("stay", stay, l, l), n, 0, 1)), valid);

        // Where the first letter may be (little path before it) and where the last may be (little after it).
        String startEnd = g.scalar("start_end_rate", -START_END);
        String start = g.op("Mul", g.op("Exp", g.op("Mul", arcT, startEnd)), valid);
        String lastIndex = g.op("Sub", length, g.ints("one_int", new int[] {1}, 1));
        String last = g.op("Cast", List.of(Attr.i("to", OnnxGraph.FLOAT)),
                g.op("Equal", slice(g, g.ints("point_index_1d", iota, l), n, 0), lastIndex));
        String arcLast = g.op("MatMul", last, arc);
        String end = g.op("Transpose", List.of(Attr.ints("perm", 1, 0)),
                g.op("Mul", g.op("Exp", g.op("Mul", g.op("Sub", arcLast, arcT), startEnd)), valid));
        String eosColumn = g.floats("eos_column", unitOf(Keyboard.EOS, V), 1, V);

        // Position 0 holds sos: the first letter's weights are the start weights, one row per beam.
        String firstToken = g.op("Gather", List.of(Attr.i("axis", 1)), tokens, g.scalarLong("position_0", 0));
        String beamOnes = g.op("Add", g.op("Mul",
                g.op("Unsqueeze", g.op("Cast", List.of(Attr.i("to", OnnxGraph.FLOAT)), firstToken), axis1),
                g.scalar("zero", 0f)), one);
        String reach = g.op("Mul", beamOnes, start);
        List<String> positions = new ArrayList<>();
        positions.add(g.op("Unsqueeze", g.op("Log", g.op("Add", g.op("MatMul", reach, emission), tiny)), axis1));
        for (int i = 1; i < TARGET; i++) {
            String token = g.op("Gather", List.of(Attr.i("axis", 1)), tokens, g.scalarLong("position_" + i, i));
            String alpha = g.op("Mul", reach, g.op("Gather", List.of(Attr.i("axis", 0)), emissionByToken, token));
            String total = g.op("ReduceSum", List.of(Attr.i("keepdims", 1)), alpha, axis1);
            alpha = g.op("Div", alpha, g.op("Add", total, tiny));
            reach = g.op("MatMul", alpha, transition);
            String next = g.op("MatMul", reach, emission);
            String eos = g.op("MatMul", g.op("MatMul", alpha, end), eosColumn);
            positions.add(g.op("Unsqueeze", g.op("Log", g.op("Add", g.op("Add", next, eos), tiny)), axis1));
        }
        String scores = g.op("Concat", List.of(Attr.i("axis", 1)), positions.toArray(String[]::new));
        g.opInto("logits", "LogSoftmax", List.of(Attr.i("axis", -1)), scores);
        g.output("logits", OnnxGraph.FLOAT, "beams", (long) TARGET, (long) V);
        return g.toBytes();
    }

    /** The number of points L of a [1,L,...] input, as an int64 [1]. */
    private static String points(OnnxGraph g, String input) {
        return g.op("Gather", List.of(Attr.i("axis", 0)), g.op("Shape", input), g.longs("dim_1", 1));
    }

    /** The first {@code n} entries of a constant built for the longest gesture, along each of the axes. */
    private static String slice(OnnxGraph g, String constant, String n, long... axes) {
        String[] ends = new String[axes.length];
        Arrays.fill(ends, n);
        String end = axes.length == 1 ? n : g.op("Concat", List.of(Attr.i("axis", 0)), ends);
        String starts = g.longs("zeros_" + axes.length, new long[axes.length]);
        return g.op("Slice", constant, starts, end, g.longs("axes_" + axes[0] + "_" + axes[axes.length - 1], axes));
    }

    private static float[] unit(int column) {
        return unitOf(column, MEMORY);
    }

    private static float[] unitOf(int index, int size) {
        float[] row = new float[size];
        row[index] = 1;
        return row;
    }
}
