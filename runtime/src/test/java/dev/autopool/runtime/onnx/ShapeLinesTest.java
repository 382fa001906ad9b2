package dev.autopool.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.pool.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exit block's ONNX-SHAPE lines: the shapes that moved the most bytes, then one line for the rest. */
class ShapeLinesTest {

    @Test
    void onlyTheShapesThatMovedTheMostBytesGetALineOfTheirOwn() {
        List<ShapeCounters> shapes = new ArrayList<>();
        for (int length = 1; length <= 15; length++) {
            ShapeCounters m = new ShapeCounters(Shape.of(float.class, 1, length, 384));
            m.created.add(100 - length); // longer inputs are rarer but bigger: bytes grow with length here
            shapes.add(m);
        }

        List<String> lines = TensorSummary.shapeLines(shapes);

        assertEquals(TensorSummary.MAX_SHAPE_LINES + 1, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("autopool ONNX-SHAPE shape=float[1][15][384] created=85 "), lines::toString);
        assertTrue(lines.get(9).startsWith("autopool ONNX-SHAPE shape=float[1][6][384] "), lines::toString);
        assertEquals("autopool ONNX-SHAPE ... 5 more shapes, fewer bytes each (the OnnxTensors MXBean lists every"
                + " shape)", lines.get(10));
    }

    @Test
    void aFewShapesAreAllListed() {
        ShapeCounters one = new ShapeCounters(Shape.of(long.class, 1, 16));
        one.created.add(3);

        assertEquals(List.of("autopool ONNX-SHAPE " + one), TensorSummary.shapeLines(List.of(one)));
    }
}
