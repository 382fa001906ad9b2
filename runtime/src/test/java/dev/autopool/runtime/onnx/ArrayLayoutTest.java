package dev.autopool.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.internal.ElementType;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ArrayLayoutTest {

    static Stream<Arguments> numericArrays() {
        return Stream.of(
                Arguments.of(new float[] {1, 2, 3}, ElementType.FLOAT, new long[] {3}),
                Arguments.of(new double[2][3], ElementType.DOUBLE, new long[] {2, 3}),
                Arguments.of(new int[2][1][4], ElementType.INT, new long[] {2, 1, 4}),
                Arguments.of(new long[1][2][3][4], ElementType.LONG, new long[] {1, 2, 3, 4}),
                Arguments.of(new short[5][2], ElementType.SHORT, new long[] {5, 2}),
                Arguments.of(new byte[1][1][1][1][1][1][1][3], ElementType.BYTE, new long[] {1, 1, 1, 1, 1, 1, 1, 3}));
    }

    @ParameterizedTest
    @MethodSource("numericArrays")
    void theShapeIsInferredAsOnnxRuntimeDoes(Object data, ElementType element, long[] shape) {
        ArrayLayout layout = ArrayLayout.of(data);

        assertEquals(element, layout.element);
        assertArrayEquals(shape, layout.shape);
        long elements = 1;
        for (long d : shape) elements *= d;
        assertEquals(elements * element.byteSize, layout.bytes());
    }

    static Stream<Object> leftToOnnxRuntime() {
        return Stream.of(null, 1.5f, "text", new String[] {"a"}, new boolean[2], new char[2], new Float[2],
                new float[0], new float[2][0], new float[][] {null, {1}}, new float[1][1][1][1][1][1][1][1][1]);
    }

    @ParameterizedTest
    @MethodSource("leftToOnnxRuntime")
    void dataThePoolCannotHoldHasNoLayout(Object data) {
        assertNull(ArrayLayout.of(data));
    }

    @Test
    void aCopyIsRowMajorInNativeOrderWithExactlyTheElementCountRemaining() {
        float[][] m = {{1, 2, 3}, {4, 5, 6}};
        ArrayLayout layout = ArrayLayout.of(m);
        ByteBuffer bytes = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
        bytes.limit((int) layout.bytes());
        Buffer view = layout.element.view(bytes);

        assertTrue(layout.copy(m, view));
        view.flip();
        FloatBuffer floats = (FloatBuffer) view;
        assertEquals(6, floats.remaining());
        assertEquals(6, floats.capacity());
        assertEquals(ByteOrder.nativeOrder(), floats.order());
        float[] out = new float[6];
        floats.duplicate().get(out);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, out);
    }

    @Test
    void aRaggedRowFoundDuringTheCopyFailsIt() {
        long[][] ragged = {{1, 2}, {3}};
        ArrayLayout layout = ArrayLayout.of(ragged);
        ByteBuffer bytes = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
        bytes.limit((int) layout.bytes());

        assertFalse(layout.copy(ragged, layout.element.view(bytes)));
    }

    @Test
    void aHeapBufferOfTheOtherByteOrderIsCopiedByValue() {
        FloatBuffer bigEndian = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN).asFloatBuffer();
        bigEndian.put(new float[] {1.5f, -2f, 3.25f}).flip();
        ByteBuffer bytes = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder());
        FloatBuffer view = (FloatBuffer) ElementType.FLOAT.view(bytes);

        ElementType.FLOAT.putAll(view, bigEndian);

        assertEquals(0, bigEndian.position(), "the source's position is left as it was");
        assertEquals(1.5f, bytes.getFloat(0));
        assertEquals(-2f, bytes.getFloat(4));
        assertEquals(3.25f, bytes.getFloat(8));
    }

    @Test
    void aLongViewSeesTheBytesAsNativeLongs() {
        ByteBuffer bytes = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        LongBuffer view = (LongBuffer) ElementType.LONG.view(bytes);
        view.put(0, 1L << 40);
        assertEquals(1L << 40, bytes.getLong(0));
        assertEquals(2, view.remaining());
    }
}
