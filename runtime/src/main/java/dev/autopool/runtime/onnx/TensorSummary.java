package dev.autopool.runtime.onnx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The pooled tensors' part of the exit block: {@code autopool ONNX key=value ...}, then one
 * {@code autopool ONNX-SHAPE} line for each of the shapes that moved the most bytes.
 */
final class TensorSummary {
    /**
     * The exit block shows the shapes that moved the most bytes: a model fed inputs of varying length makes one
     * shape per length (81 for 400 sentences), which would drown the summary.
     */
    static final int MAX_SHAPE_LINES = 10;
    private static final Comparator<ShapeCounters> BY_BYTES =
            (a, b) -> Long.compare(b.created.sum() * b.shape.bytes(), a.created.sum() * a.shape.bytes());

    private TensorSummary() {}

    /** The ONNX line and the shape lines of these counters. */
    static List<String> lines(TensorMetrics metrics, Collection<ShapeCounters> shapes) {
        List<String> lines = new ArrayList<>();
        lines.add("autopool ONNX " + metrics.summary());
        lines.addAll(shapeLines(shapes));
        return lines;
    }

    /** The ONNX-SHAPE lines of the exit block: the {@link #MAX_SHAPE_LINES} shapes that moved the most bytes. */
    static List<String> shapeLines(Collection<ShapeCounters> all) {
        List<String> lines = new ArrayList<>();
        List<ShapeCounters> byBytes = new ArrayList<>(all);
        byBytes.sort(BY_BYTES);
        int shown = Math.min(byBytes.size(), MAX_SHAPE_LINES);
        for (ShapeCounters m : byBytes.subList(0, shown)) {
            lines.add("autopool ONNX-SHAPE " + m);
        }
        if (byBytes.size() > shown) {
            lines.add("autopool ONNX-SHAPE ... " + (byBytes.size() - shown) + " more shapes, fewer bytes each (the"
                    + " OnnxTensors MXBean lists every shape)");
        }
        return lines;
    }
}
