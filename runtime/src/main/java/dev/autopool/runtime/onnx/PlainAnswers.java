package dev.autopool.runtime.onnx;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.FloatBuffer;
import java.util.Optional;

/**
 * What ONNX Runtime itself answers about the buffer of a tensor it made from an array or from a heap buffer:
 * {@code ownsBuffer()}, and whether {@code getBufferRef()} has one. A pooled tensor's buffer is the pool's, so
 * those answers would differ (1.17 keeps no buffer for an array input; 1.20 on copies it into a direct buffer it
 * owns); the hooks give the app ONNX Runtime's own answers instead. Found once per ONNX Runtime and input kind,
 * by making one single-element tensor the plain way and asking it.
 *
 * @param owns      what {@code ownsBuffer()} answers
 * @param hasBuffer whether {@code getBufferRef()} is present
 */
record PlainAnswers(boolean owns, boolean hasBuffer) {
    /** When the probe fails: the pooled tensor's own answers (the pooled buffer, not owned). */
    static final PlainAnswers POOLED = new PlainAnswers(false, true);

    /** ONNX Runtime's answers for a tensor from a {@code float[1]} ({@code array}) or a heap {@code FloatBuffer}. */
    static PlainAnswers probe(OrtBridge ort, Class<?> tensorClass, Object env, boolean array) {
        Object tensor = null;
        try {
            tensor = array ? ort.fromArray(env, new float[1])
                    : ort.fromBuffer(dev.autopool.runtime.internal.ElementType.FLOAT, env, FloatBuffer.allocate(1),
                            new long[] {1});
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle owns = lookup.findVirtual(tensorClass, "ownsBuffer", MethodType.methodType(boolean.class));
            MethodHandle ref = lookup.findVirtual(tensorClass, "getBufferRef", MethodType.methodType(Optional.class));
            return new PlainAnswers((boolean) owns.invoke(tensor), ((Optional<?>) ref.invoke(tensor)).isPresent());
        } catch (Throwable t) {
            return POOLED;
        } finally {
            if (tensor instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // a probe tensor that cannot close is left to ONNX Runtime's own cleanup
                }
            }
        }
    }
}
