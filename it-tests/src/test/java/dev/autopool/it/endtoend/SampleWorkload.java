package dev.autopool.it.endtoend;

import dev.autopool.it.ChildRun;
import dev.autopool.it.SampleCommands;
import dev.autopool.it.SampleImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The two sample apps as the end-to-end tests drive them: the same inputs for every run, and what must match. */
enum SampleWorkload {
    /** Two generated 1 MP photos decoded twice each, with three deblocking iterations. */
    DECODER(List.of("images", "pixels", "checksum")) {
        @Override
        String[] args(int threads) {
            return SampleCommands.decoderBench(images(), threads, 2, 3);
        }

        @Override
        long reuses(ChildRun pooled) {
            return pooled.summaryCount("hits");
        }
    },
    /** 48 synthetic swipes through the ONNX Runtime models and beam search. */
    PREDICTOR(List.of("predictions", "top1", "top3", "checksum")) {
        @Override
        String[] args(int threads) {
            return SampleCommands.predictorBench(48, threads, false);
        }

        @Override
        long reuses(ChildRun pooled) {
            return pooled.count("autopool ONNX", "reused");
        }
    };

    static final Path IMAGES = Path.of("target/it-images");

    /** The RESULT fields that are the app's answers (the rest are costs: time, bytes, GC). */
    private final List<String> outputs;

    SampleWorkload(List<String> outputs) {
        this.outputs = outputs;
    }

    abstract String[] args(int threads);

    /** How many borrows the pool served from recycled buffers in a run under the agent. */
    abstract long reuses(ChildRun pooled);

    /** The answer fields of a RESULT line, for comparing runs. */
    Map<String, String> outputs(Map<String, String> result) {
        return result.entrySet().stream().filter(e -> outputs.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b, TreeMap::new));
    }

    List<String> outputKeys() {
        return outputs;
    }

    static List<Path> images() {
        try {
            return SampleImages.ensure(IMAGES, 1.0, 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
