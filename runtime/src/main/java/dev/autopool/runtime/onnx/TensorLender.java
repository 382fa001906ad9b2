package dev.autopool.runtime.onnx;

import dev.autopool.runtime.internal.ElementType;
import dev.autopool.runtime.pool.GlobalPool;
import dev.autopool.runtime.pool.Shape;
import dev.autopool.runtime.report.MBeanPublisher;
import dev.autopool.runtime.report.ShutdownSummary;
import dev.autopool.runtime.track.Tracking;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The machinery behind {@link OnnxTensors}: lends tensors over direct buffers borrowed from its
 * {@link DirectBufferPool} (borrow, fill, create, lend), takes the buffers back at {@code close()}, and has its
 * {@link TensorReaper} report the tensors never closed.
 */
final class TensorLender {
    static final long DEFAULT_MAX_RETAINED_BYTES = 256L << 20;

    private final DirectBufferPool buffers = new DirectBufferPool(DEFAULT_MAX_RETAINED_BYTES);
    private final OpenTensors open = new OpenTensors();
    private final ConcurrentHashMap<Shape, ShapeCounters> shapes = new ConcurrentHashMap<>();
    private final LongAdder notReused = new LongAdder();
    private final AtomicBoolean started = new AtomicBoolean();
    private final TensorMetrics metrics = new TensorMetrics(shapes, buffers, notReused);
    private final TensorReaper reaper = new TensorReaper(open);
    private volatile ShapeCounters[] lastBySite = new ShapeCounters[64];

    void maxRetainedBytes(long bytes) {
        buffers.maxRetainedBytes(bytes);
    }

    Object fromArray(OrtBridge ort, Object env, Object data, int site) throws Throwable {
        ArrayLayout layout = env == null ? null : ArrayLayout.of(data);
        if (layout == null) {
            return ort.fromArray(env, data);
        }
        PlainAnswers plain = ort.plainAnswers(env, true);
        Object tensor = overPooledBuffer(layout.element, layout.shape, layout.bytes(),
                view -> layout.copy(data, view), view -> ort.fromBuffer(layout.element, env, view, layout.shape), site,
                plain);
        // Null: a ragged or null row further in; ONNX Runtime reports it in its own words.
        return tensor != null ? tensor : ort.fromArray(env, data);
    }

    Object fromBuffer(OrtBridge ort, ElementType element, Object env, Buffer data, long[] shape, Object type, int site)
            throws Throwable {
        long size = data == null ? 0 : (long) data.remaining() * element.byteSize;
        if (env == null || shape == null || data.isDirect() || size == 0 || size > DirectBufferPool.MAX_CLASS_BYTES
                || !copiesAsIs(element, type)) {
            return create(ort, element, env, data, shape, type);
        }
        PlainAnswers plain = ort.plainAnswers(env, false);
        return overPooledBuffer(element, shape, size, view -> {
            element.putAll(view, data);
            return true;
        }, view -> create(ort, element, env, view, shape, type), site, plain);
    }

    /** Copies the data into a view of a pooled buffer; false when it cannot be copied as it is. */
    private interface Fill {
        boolean into(Buffer view);
    }

    /** ONNX Runtime's tensor over the filled view. */
    private interface Create {
        Object over(Buffer view) throws Throwable;
    }

    /**
     * The one path of both overloads: a pooled (or new) direct buffer of {@code size} bytes, filled, a tensor
     * created over it, and the tensor lent; the buffer goes back to the pool when the fill fails (then null, for
     * the caller to make the original call) or the creation throws (ONNX Runtime's own error, passed on).
     */
    private Object overPooledBuffer(ElementType element, long[] shape, long size, Fill fill, Create create, int site,
                                    PlainAnswers plain) throws Throwable {
        ByteBuffer pooled = buffers.poll(size);
        ByteBuffer bytes = pooled != null ? pooled : buffers.allocate(size);
        Buffer view = element.view(bytes);
        if (!fill.into(view)) {
            buffers.release(bytes);
            return null;
        }
        view.flip();
        Object tensor;
        try {
            tensor = create.over(view);
        } catch (Throwable t) {
            buffers.release(bytes);
            throw t;
        }
        return lend(tensor, bytes, pooled != null, site, metricsFor(element, shape, site), plain);
    }

    /**
     * Whether ONNX Runtime's own copy of a heap buffer of this type succeeds, so ours gives the same answer. Its
     * copy of a heap {@code ByteBuffer} declared as a wider type (FLOAT, INT32...) fails with a
     * ClassCastException in the versions tested; such calls go to ONNX Runtime as they are.
     */
    private static boolean copiesAsIs(ElementType element, Object type) {
        if (type == null || element != ElementType.BYTE) return true;
        String name = ((Enum<?>) type).name();
        return name.equals("INT8") || name.equals("UINT8") || name.equals("BOOL");
    }

    private static Object create(OrtBridge ort, ElementType element, Object env, Buffer data, long[] shape, Object type)
            throws Throwable {
        return type == null ? ort.fromBuffer(element, env, data, shape)
                : ort.fromTypedBuffer(element, env, data, shape, type);
    }

    private Object lend(Object tensor, ByteBuffer bytes, boolean reused, int site, ShapeCounters m,
                        PlainAnswers plain) {
        TensorLease lease = new TensorLease(tensor, open.queue(), bytes, site, bytes.limit(), m);
        lease.plain = plain;
        lease.creationStack = Tracking.creationStack(site);
        lease.loanEpoch = Tracking.checkpointEpoch();
        open.add(lease);
        m.created.increment();
        if (reused) {
            m.reused.increment();
            m.directBytesAvoided.add(bytes.limit());
        }
        if (!started.get()) {
            startOnce();
        }
        return tensor;
    }

    void closed(Object tensor, boolean completed) {
        TensorLease lease = open.find(tensor);
        if (lease == null) return;
        ByteBuffer recycle;
        synchronized (lease) {
            if (lease.closed) return;
            lease.closed = true;
            recycle = completed && !lease.viewed ? lease.buffer : null;
            lease.buffer = null;
        }
        lease.metrics.closed.increment();
        if (recycle != null) {
            buffers.release(recycle);
        } else {
            notReused.increment();
        }
    }

    Object viewed(Object tensor, Object bufferRef) {
        TensorLease lease = open.find(tensor);
        if (lease == null) return bufferRef;
        synchronized (lease) {
            if (lease.closed || !lease.plain.hasBuffer()) {
                return Optional.empty(); // closed: the buffer may be someone else's; or ONNX Runtime keeps none
            }
            lease.viewed = true;
            return bufferRef;
        }
    }

    /** What {@code ownsBuffer()} answers: ONNX Runtime's own answer for a pooled tensor, else {@code original}. */
    boolean owns(Object tensor, boolean original) {
        TensorLease lease = open.find(tensor);
        return lease == null ? original : lease.plain.owns();
    }

    /** The metrics of this shape; the last one used at each site is kept so a steady site allocates no key. */
    private ShapeCounters metricsFor(ElementType element, long[] dims, int site) {
        ShapeCounters[] cache = lastBySite;
        ShapeCounters m = site >= 0 && site < cache.length ? cache[site] : null;
        if (m != null && m.shape.elementType() == element.type && sameDims(m.shape.dims(), dims)) {
            return m;
        }
        m = shapes.computeIfAbsent(shapeOf(element, dims), ShapeCounters::new);
        remember(site, m);
        return m;
    }

    private static boolean sameDims(int[] known, long[] dims) {
        if (known.length != dims.length) return false;
        for (int i = 0; i < dims.length; i++) {
            if (known[i] != dims[i]) return false;
        }
        return true;
    }

    /** Every dimension fits an int: the tensor exists, and its buffer is at most a size class. */
    private static Shape shapeOf(ElementType element, long[] dims) {
        int[] ints = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            ints[i] = Math.toIntExact(dims[i]);
        }
        return Shape.of(element.type, ints);
    }

    private synchronized void remember(int site, ShapeCounters m) {
        if (site < 0 || site > 1 << 20) return;
        if (site >= lastBySite.length) {
            lastBySite = Arrays.copyOf(lastBySite, Math.max(site + 1, lastBySite.length * 2));
        }
        lastBySite[site] = m;
    }

    private void startOnce() {
        if (!started.compareAndSet(false, true)) return;
        reaper.start();
        // Test checkpoints (@CheckBorrows) see the open and the leaked tensors as they see arrays.
        Tracking.addOutsideLoans(new TensorLoans(open, reaper));
        GlobalPool.get(); // the pools' and the tracker's parts of the summary, as when the pools are used first
        ShutdownSummary.installOnce();
        // Not here: the first registration makes the platform MBean server, hundreds of classes on the app's thread.
        MBeanPublisher.publish(OnnxTensorsMXBean.OBJECT_NAME, metrics, null);
    }

    /** Reports the tensors the GC already collected without close(), without waiting for the reaper thread. */
    void drainLeaks() {
        reaper.drain();
    }

    /**
     * The ONNX part of the shutdown summary: {@code autopool ONNX key=value ...}, then one
     * {@code autopool ONNX-SHAPE} line for each of the shapes that moved the most bytes; nothing when no tensor
     * was pooled.
     */
    List<String> summaryLines() {
        if (!started.get()) return List.of();
        return TensorSummary.lines(metrics, shapes.values());
    }
}
