package dev.autopool.runtime.onnx;

import dev.autopool.runtime.internal.ElementType;
import dev.autopool.runtime.report.ReportLog;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How one class of ONNX Runtime value is read, found once per class: the original {@code OnnxValue.getValue()}
 * for every value, and for ONNX Runtime's {@code OnnxTensor} also its {@code TensorInfo} and the private
 * {@code getBuffer()}, a native-order direct view of the tensor's memory (present from 1.17 to at least 1.24).
 * The private parts are reached through {@code privateLookupIn}; when any of them is missing or closed to us
 * (another ORT version, ORT in a named module that does not open its package) the reader only knows the
 * original call, and every value goes the original way.
 */
final class TensorReader {
    private static final String TENSOR = "ai.onnxruntime.OnnxTensor";
    private static final String VALUE = "ai.onnxruntime.OnnxValue";
    /** The element types read into pooled arrays, by ONNX Runtime's Java and ONNX type names. */
    private static final String[][] ELEMENT_NAMES = {
            {"FLOAT", "ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT"},
            {"DOUBLE", "ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE"},
            {"INT32", "ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32"},
            {"INT64", "ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64"}};
    private static final ElementType[] ELEMENTS = {ElementType.FLOAT, ElementType.DOUBLE, ElementType.INT, ElementType.LONG};

    private static final ClassValue<TensorReader> READERS = new ClassValue<>() {
        @Override
        protected TensorReader computeValue(Class<?> type) {
            return new TensorReader(type);
        }
    };

    private static final java.util.concurrent.atomic.AtomicBoolean WARNED =
            new java.util.concurrent.atomic.AtomicBoolean();

    private final MethodHandle original;
    private final boolean onnxRuntimes;
    // All null unless the class is ONNX Runtime's OnnxTensor and every part was found.
    private MethodHandle info;
    private MethodHandle closed;
    private MethodHandle buffer;
    private MethodHandle javaType;
    private MethodHandle onnxType;
    private MethodHandle shape;
    private Object[] javaTypes;
    private Object[] onnxTypes;
    /** Set after the pooled read failed unexpectedly: the class is then read the original way only. */
    private volatile boolean broken;

    private TensorReader(Class<?> type) {
        this.original = originalGetValue(type);
        this.onnxRuntimes = type.getName().startsWith("ai.onnxruntime.");
        if (type.getName().equals(TENSOR)) {
            try {
                findTensorParts(type);
            } catch (ReflectiveOperationException | RuntimeException e) {
                info = null;
                warnOnce("cannot reach ONNX Runtime's OnnxTensor internals", e);
            }
        }
    }

    static TensorReader of(Class<?> type) {
        return READERS.get(type);
    }

    /** Whether the class is ONNX Runtime's own (whose {@code getValue()} returns a fresh array every time). */
    boolean isOnnxRuntimes() {
        return onnxRuntimes;
    }

    /** Whether values of this class may be read into pooled arrays. */
    boolean pools() {
        return info != null && !broken;
    }

    /** The original {@code getValue()}, with ONNX Runtime's own result and exceptions. */
    Object original(Object value) throws Throwable {
        return (Object) original.invokeExact(value);
    }

    Object info(Object tensor) throws Throwable {
        return (Object) info.invokeExact(tensor);
    }

    /** The element type of a tensor of this info when it is one read into pooled arrays, else null. */
    ElementType element(Object tensorInfo) throws Throwable {
        Object java = (Object) javaType.invokeExact(tensorInfo);
        Object onnx = (Object) onnxType.invokeExact(tensorInfo);
        for (int i = 0; i < ELEMENTS.length; i++) {
            if (java == javaTypes[i] && onnx == onnxTypes[i]) return ELEMENTS[i];
        }
        return null;
    }

    /** The tensor's shape; the array must not be changed (it may be the tensor's own). */
    long[] shape(Object tensorInfo) throws Throwable {
        return (long[]) shape.invokeExact(tensorInfo);
    }

    boolean isClosed(Object tensor) throws Throwable {
        return (boolean) closed.invokeExact(tensor);
    }

    /** A native-order view of the tensor's memory; the tensor must stay reachable while it is read. */
    ByteBuffer memory(Object tensor) throws Throwable {
        return ((ByteBuffer) buffer.invokeExact(tensor)).order(ByteOrder.nativeOrder());
    }

    void broke(Throwable t) {
        broken = true;
        warnOnce("reading an ONNX Runtime output into a pooled array failed", t);
    }

    private void findTensorParts(Class<?> tensorClass) throws ReflectiveOperationException {
        MethodHandles.Lookup tensors = MethodHandles.privateLookupIn(tensorClass, MethodHandles.lookup());
        Class<?> infoClass = tensorClass.getMethod("getInfo").getReturnType();
        MethodHandles.Lookup infos = MethodHandles.privateLookupIn(infoClass, MethodHandles.lookup());
        Class<?> javaTypeClass = infoClass.getField("type").getType();
        Class<?> onnxTypeClass = infoClass.getField("onnxType").getType();
        javaTypes = new Object[ELEMENTS.length];
        onnxTypes = new Object[ELEMENTS.length];
        for (int i = 0; i < ELEMENTS.length; i++) {
            javaTypes[i] = constant(javaTypeClass, ELEMENT_NAMES[i][0]);
            onnxTypes[i] = constant(onnxTypeClass, ELEMENT_NAMES[i][1]);
        }
        MethodType toObject = MethodType.methodType(Object.class, Object.class);
        javaType = infos.findGetter(infoClass, "type", javaTypeClass).asType(toObject);
        onnxType = infos.findGetter(infoClass, "onnxType", onnxTypeClass).asType(toObject);
        MethodHandle shapeOf;
        try {
            shapeOf = infos.findGetter(infoClass, "shape", long[].class); // no copy per read
        } catch (NoSuchFieldException e) {
            shapeOf = infos.findVirtual(infoClass, "getShape", MethodType.methodType(long[].class));
        }
        shape = shapeOf.asType(MethodType.methodType(long[].class, Object.class));
        closed = tensors.findVirtual(tensorClass, "isClosed", MethodType.methodType(boolean.class))
                .asType(MethodType.methodType(boolean.class, Object.class));
        buffer = tensors.findVirtual(tensorClass, "getBuffer", MethodType.methodType(ByteBuffer.class))
                .asType(MethodType.methodType(ByteBuffer.class, Object.class));
        info = tensors.findVirtual(tensorClass, "getInfo", MethodType.methodType(infoClass)).asType(toObject);
    }

    private static void warnOnce(String what, Throwable t) {
        if (WARNED.compareAndSet(false, true)) {
            ReportLog.warn("autopool ONNX-FAILED " + what
                    + "; OnnxTensor.getValue() results stay plain from now on (said once): " + t, t);
        }
    }

    private static Object constant(Class<?> enumClass, String name) {
        for (Object c : enumClass.getEnumConstants()) {
            if (((Enum<?>) c).name().equals(name)) return c;
        }
        throw new IllegalStateException(enumClass.getName() + " has no " + name);
    }

    /** {@code OnnxValue.getValue()} as an interface call, so it behaves exactly as the app's call did. */
    private static MethodHandle originalGetValue(Class<?> type) {
        Class<?> valueInterface = findInterface(type);
        try {
            Class<?> owner = valueInterface != null ? valueInterface : type;
            return MethodHandles.publicLookup().findVirtual(owner, "getValue", MethodType.methodType(Object.class))
                    .asType(MethodType.methodType(Object.class, Object.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("autopool cannot call getValue() on " + type.getName() + ": " + e, e);
        }
    }

    private static Class<?> findInterface(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(VALUE)) return i;
                Class<?> deeper = findInterface(i);
                if (deeper != null) return deeper;
            }
        }
        return null;
    }
}
