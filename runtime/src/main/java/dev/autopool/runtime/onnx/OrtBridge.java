package dev.autopool.runtime.onnx;

import dev.autopool.runtime.internal.ElementType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * ONNX Runtime's public {@code OnnxTensor.createTensor} overloads, reached through method handles on the
 * {@code OnnxTensor} class of whichever class loader holds ONNX Runtime (the runtime sits on the bootstrap path
 * and cannot name ONNX Runtime's types). An overload the loaded version lacks is looked up only when called,
 * and then fails with the {@link NoSuchMethodError} the original call would have thrown.
 */
final class OrtBridge {
    private static final ClassValue<OrtBridge> BRIDGES = new ClassValue<>() {
        @Override
        protected OrtBridge computeValue(Class<?> tensorClass) {
            return new OrtBridge(tensorClass);
        }
    };

    private final Class<?> tensorClass;
    // Filled on first use; a race only looks a handle up twice (method handles are immutable, safely published).
    private MethodHandle fromArray;
    private final MethodHandle[] fromBuffer = new MethodHandle[ElementType.values().length];
    private final MethodHandle[] fromTypedBuffer = new MethodHandle[ElementType.values().length];

    private OrtBridge(Class<?> tensorClass) {
        this.tensorClass = tensorClass;
    }

    static OrtBridge of(Class<?> tensorClass) {
        return BRIDGES.get(tensorClass);
    }

    private volatile PlainAnswers fromArrayAnswers;
    private volatile PlainAnswers fromHeapAnswers;

    /** ONNX Runtime's own answers about a tensor it made from an array or a heap buffer (probed once each). */
    PlainAnswers plainAnswers(Object env, boolean array) {
        PlainAnswers a = array ? fromArrayAnswers : fromHeapAnswers;
        if (a == null) {
            a = PlainAnswers.probe(this, tensorClass, env, array);
            if (array) fromArrayAnswers = a; else fromHeapAnswers = a;
        }
        return a;
    }

    /** {@code createTensor(env, Object data)}. */
    Object fromArray(Object env, Object data) throws Throwable {
        MethodHandle h = fromArray;
        if (h == null) fromArray = h = lookUp(Object.class, false);
        return (Object) h.invokeExact(env, data);
    }

    /** {@code createTensor(env, XBuffer data, long[] shape)}, the overload for the buffer's own type. */
    Object fromBuffer(ElementType element, Object env, Buffer data, long[] shape) throws Throwable {
        MethodHandle h = fromBuffer[element.ordinal()];
        if (h == null) fromBuffer[element.ordinal()] = h = lookUp(bufferClass(element), false);
        return (Object) h.invokeExact(env, data, shape);
    }

    /** {@code createTensor(env, ByteBuffer|ShortBuffer data, long[] shape, OnnxJavaType type)}. */
    Object fromTypedBuffer(ElementType element, Object env, Buffer data, long[] shape, Object type) throws Throwable {
        MethodHandle h = fromTypedBuffer[element.ordinal()];
        if (h == null) fromTypedBuffer[element.ordinal()] = h = lookUp(bufferClass(element), true);
        return (Object) h.invokeExact(env, data, shape, type);
    }

    private MethodHandle lookUp(Class<?> dataClass, boolean typed) {
        try {
            ClassLoader loader = tensorClass.getClassLoader();
            Class<?> env = Class.forName("ai.onnxruntime.OrtEnvironment", false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            if (dataClass == Object.class) {
                return lookup.findStatic(tensorClass, "createTensor", MethodType.methodType(tensorClass, env, Object.class))
                        .asType(MethodType.methodType(Object.class, Object.class, Object.class));
            }
            if (!typed) {
                return lookup.findStatic(tensorClass, "createTensor",
                                MethodType.methodType(tensorClass, env, dataClass, long[].class))
                        .asType(MethodType.methodType(Object.class, Object.class, Buffer.class, long[].class));
            }
            Class<?> javaType = Class.forName("ai.onnxruntime.OnnxJavaType", false, loader);
            return lookup.findStatic(tensorClass, "createTensor",
                            MethodType.methodType(tensorClass, env, dataClass, long[].class, javaType))
                    .asType(MethodType.methodType(Object.class, Object.class, Buffer.class, long[].class, Object.class));
        } catch (NoSuchMethodException e) {
            NoSuchMethodError error = new NoSuchMethodError(e.getMessage());
            error.initCause(e);
            throw error;
        } catch (ClassNotFoundException | IllegalAccessException e) {
            throw new IllegalStateException("autopool cannot reach ONNX Runtime's OnnxTensor.createTensor: " + e, e);
        }
    }

    private static Class<?> bufferClass(ElementType element) {
        return switch (element) {
            case FLOAT -> FloatBuffer.class;
            case DOUBLE -> DoubleBuffer.class;
            case INT -> IntBuffer.class;
            case LONG -> LongBuffer.class;
            case SHORT -> ShortBuffer.class;
            case BYTE -> ByteBuffer.class;
        };
    }
}
