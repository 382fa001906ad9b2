package dev.autopool.runtime.onnx;

import dev.autopool.runtime.internal.ElementType;
import dev.autopool.runtime.report.ShutdownSummary;
import dev.autopool.runtime.report.SettingsSeal;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * What rewritten {@code OnnxTensor.createTensor} call sites and the instrumented {@code OnnxTensor.close()} land on.
 *
 * <p>Promises: a tensor created here has exactly the type, shape and values the original overload would give,
 * but lives over a direct, native-order buffer borrowed from a size-classed pool, filled with bulk copies. The
 * buffer goes back to the pool only after {@code close()} has released the native value, and never if a
 * {@code getBufferRef()} view of it was handed out. A tensor collected without {@code close()} is reported as
 * {@code autopool LEAK} with its call site and size. Data the pool cannot hold (direct buffers the app owns,
 * strings, booleans, ragged or empty arrays, scalars) goes to ONNX Runtime unchanged, and every error is ONNX
 * Runtime's own.
 *
 * <p>Each entry point takes the original arguments, then the {@code OnnxTensor} class of the caller's loader and
 * the site id, and returns the tensor as {@code Object} (the call site casts it back).
 */
public final class OnnxTensors {
    private static final TensorLender POOL = new TensorLender();

    static {
        // Registered, not yet printed: the block shows counters once tensors or pools were used.
        ShutdownSummary.addCounters(ShutdownSummary.Part.ONNX, new ShutdownSummary.Counters() {
            @Override
            public void drain() {
                drainLeaks();
            }

            @Override
            public java.util.List<String> lines() {
                return summaryLines();
            }
        });
    }

    private OnnxTensors() {}

    /** Replaces {@code OnnxTensor.createTensor(OrtEnvironment, Object)}. */
    public static Object createTensor(Object env, Object data, Class<?> tensorClass, int site) throws Throwable {
        return POOL.fromArray(OrtBridge.of(tensorClass), env, data, site);
    }

    /** Replaces {@code OnnxTensor.createTensor(OrtEnvironment, FloatBuffer, long[])}. */
    public static Object createTensor(Object env, FloatBuffer data, long[] shape, Class<?> tensorClass, int site)
            throws Throwable {
        return POOL.fromBuffer(OrtBridge.of(tensorClass), ElementType.FLOAT, env, data, shape, null, site);
    }

    /** Replaces {@code OnnxTensor.createTensor(OrtEnvironment, DoubleBuffer, long[])}. */
    public static Object createTensor(Object env, DoubleBuffer data, long[] shape, Class<?> tensorClass, int site)
            throws Throwable {
        return POOL.fromBuffer(OrtBridge.of(tensorClass), ElementType.DOUBLE, env, data, shape, null, site);
    }

    /** Replaces {@code OnnxTensor.createTensor(OrtEnvironment, IntBuffer, long[])}. */
    public static Object createTensor(Object env, IntBuffer data, long[] shape, Class<?> tensorClass, int site)
            throws Throwable {
        return POOL.fromBuffer(OrtBridge.of(tensorClass), ElementType.INT, env, data, shape, null, site);
    }

    /** Replaces {@code OnnxTensor.createTensor(OrtEnvironment, LongBuffer, long[])}. */
    public static Object createTensor(Object env, LongBuffer data, long[] shape, Class<?> tensorClass, int site)
            throws Throwable {
        return POOL.fromBuffer(OrtBridge.of(tensorClass), ElementType.LONG, env, data, shape, null, site);
    }

    /** Replaces {@code OnnxTensor.createTensor(OrtEnvironment, ShortBuffer, long[])}. */
    public static Object createTensor(Object env, ShortBuffer data, long[] shape, Class<?> tensorClass, int site)
            throws Throwable {
        return POOL.fromBuffer(OrtBridge.of(tensorClass), ElementType.SHORT, env, data, shape, null, site);
    }

    /** Replaces {@code OnnxTensor.createTensor(OrtEnvironment, ByteBuffer, long[])}. */
    public static Object createTensor(Object env, ByteBuffer data, long[] shape, Class<?> tensorClass, int site)
            throws Throwable {
        return POOL.fromBuffer(OrtBridge.of(tensorClass), ElementType.BYTE, env, data, shape, null, site);
    }

    /** Replaces {@code OnnxTensor.createTensor(OrtEnvironment, ShortBuffer, long[], OnnxJavaType)}. */
    public static Object createTensor(Object env, ShortBuffer data, long[] shape, Object javaType,
                                      Class<?> tensorClass, int site) throws Throwable {
        return POOL.fromBuffer(OrtBridge.of(tensorClass), ElementType.SHORT, env, data, shape, javaType, site);
    }

    /** Replaces {@code OnnxTensor.createTensor(OrtEnvironment, ByteBuffer, long[], OnnxJavaType)}. */
    public static Object createTensor(Object env, ByteBuffer data, long[] shape, Object javaType,
                                      Class<?> tensorClass, int site) throws Throwable {
        return POOL.fromBuffer(OrtBridge.of(tensorClass), ElementType.BYTE, env, data, shape, javaType, site);
    }

    /**
     * Replaces {@code OnnxValue.getValue()} (and {@code OnnxTensor.getValue()}) where the agent proved the result
     * goes home: a FLOAT, DOUBLE, INT32 or INT64 tensor of rank 1-4 comes back in a pooled array of its exact
     * shape, read from the tensor's memory; every other value is the original call's.
     */
    public static Object value(Object value, int site) throws Throwable {
        return OutputValues.value(value, site);
    }

    /**
     * Called at the end of {@code OnnxTensor.close()}, after the native value is released ({@code completed}) or
     * after close threw (the buffer is then dropped, never reused). Any tensor may come here; only ours count.
     */
    public static void closed(Object tensor, boolean completed) {
        try {
            POOL.closed(tensor, completed);
        } catch (Throwable t) {
            // Never break the app's close(): at worst the buffer is not reused.
            Failures.once("OnnxTensor.close() hook", t);
        }
    }

    /**
     * Called with what {@code OnnxTensor.ownsBuffer()} is about to return: for a pooled tensor, what ONNX Runtime
     * answers for a tensor it made from the same kind of input (the pooled buffer itself is the pool's).
     */
    public static boolean owns(Object tensor, boolean original) {
        try {
            return POOL.owns(tensor, original);
        } catch (Throwable t) {
            Failures.once("OnnxTensor.ownsBuffer() hook", t);
            return original;
        }
    }

    /**
     * Called with what {@code OnnxTensor.getBufferRef()} is about to return: an open tensor's buffer is then never
     * reused; a closed tensor whose buffer already went back to the pool gets {@code Optional.empty()} instead
     * of a view that could show another tensor's data.
     */
    public static Object viewed(Object tensor, Object bufferRef) {
        try {
            return POOL.viewed(tensor, bufferRef);
        } catch (Throwable t) {
            Failures.once("OnnxTensor.getBufferRef() hook", t);
            return bufferRef;
        }
    }

    /**
     * The {@code onnx.pool} setting: how many bytes of free direct buffers the pool may keep. Applied by
     * {@code Autopool.configure}; refused (one log line, nothing changes) once the settings are sealed.
     */
    public static void maxRetainedBytes(long bytes) {
        if (SettingsSeal.mayChange("OnnxTensors.maxRetainedBytes", "onnx.pool=" + bytes)) {
            POOL.maxRetainedBytes(bytes);
        }
    }

    /** Reports the pooled tensors already collected without close() now (the shutdown summary counts them). */
    static void drainLeaks() {
        POOL.drainLeaks();
    }

    /** The ONNX lines of the shutdown summary; none when no tensor was pooled. */
    static java.util.List<String> summaryLines() {
        java.util.List<String> lines = new java.util.ArrayList<>(POOL.summaryLines());
        lines.addAll(OutputValues.summaryLines());
        return lines;
    }
}
