package dev.autopool.runtime.onnx;

import dev.autopool.runtime.pool.GlobalPool;
import dev.autopool.runtime.pool.Shape;
import dev.autopool.runtime.report.MBeanPublisher;
import dev.autopool.runtime.report.ShutdownSummary;
import dev.autopool.runtime.track.Tracking;
import dev.autopool.runtime.report.ReportLog;
import java.lang.System.Logger.Level;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/** The machinery behind {@link OnnxTensors}: borrow, fill, create, lend, take back, and report leaks. */
final class TensorPool {
    static final long DEFAULT_MAX_RETAINED_BYTES = 256L << 20;

    private final DirectBufferPool buffers = new DirectBufferPool(DEFAULT_MAX_RETAINED_BYTES);
    private final OpenTensors open = new OpenTensors();
    private final ConcurrentHashMap<Shape, ShapeMetrics> shapes = new ConcurrentHashMap<>();
    private final LongAdder notReused = new LongAdder();
    private final AtomicBoolean started = new AtomicBoolean();
    private final Metrics metrics = new Metrics();
    private volatile ShapeMetrics[] lastBySite = new ShapeMetrics[64];

    void maxRetainedBytes(long bytes) {
        buffers.maxRetainedBytes(bytes);
    }

    Object fromArray(OrtBridge ort, Object env, Object data, int site) throws Throwable {
        ArrayLayout layout = env == null ? null : ArrayLayout.of(data);
        if (layout == null) {
            return ort.fromArray(env, data);
        }
        ByteBuffer pooled = buffers.poll(layout.bytes());
        ByteBuffer bytes = pooled != null ? pooled : buffers.allocate(layout.bytes());
        Buffer view = layout.element.view(bytes);
        if (!layout.copy(data, view)) {
            // A ragged or null row further in: ONNX Runtime reports it in its own words.
            buffers.release(bytes);
            return ort.fromArray(env, data);
        }
        view.flip();
        Object tensor;
        try {
            tensor = ort.fromBuffer(layout.element, env, view, layout.shape);
        } catch (Throwable t) {
            buffers.release(bytes);
            throw t;
        }
        return lend(tensor, bytes, pooled != null, site, metricsFor(layout.element, layout.shape, site));
    }

    Object fromBuffer(OrtBridge ort, Element element, Object env, Buffer data, long[] shape, Object type, int site)
            throws Throwable {
        long size = data == null ? 0 : (long) data.remaining() * element.size;
        if (env == null || shape == null || data.isDirect() || size == 0 || size > DirectBufferPool.MAX_CLASS_BYTES
                || !copiesAsIs(element, type)) {
            return create(ort, element, env, data, shape, type);
        }
        ByteBuffer pooled = buffers.poll(size);
        ByteBuffer bytes = pooled != null ? pooled : buffers.allocate(size);
        Buffer view = element.view(bytes);
        element.putAll(view, data);
        view.flip();
        Object tensor;
        try {
            tensor = create(ort, element, env, view, shape, type);
        } catch (Throwable t) {
            buffers.release(bytes);
            throw t;
        }
        return lend(tensor, bytes, pooled != null, site, metricsFor(element, shape, site));
    }

    /**
     * Whether ONNX Runtime's own copy of a heap buffer of this type succeeds, so ours gives the same answer. Its
     * copy of a heap {@code ByteBuffer} declared as a wider type (FLOAT, INT32...) fails with a
     * ClassCastException in the versions tested; such calls go to ONNX Runtime as they are.
     */
    private static boolean copiesAsIs(Element element, Object type) {
        if (type == null || element != Element.BYTE) return true;
        String name = ((Enum<?>) type).name();
        return name.equals("INT8") || name.equals("UINT8") || name.equals("BOOL");
    }

    private static Object create(OrtBridge ort, Element element, Object env, Buffer data, long[] shape, Object type)
            throws Throwable {
        return type == null ? ort.fromBuffer(element, env, data, shape)
                : ort.fromTypedBuffer(element, env, data, shape, type);
    }

    private Object lend(Object tensor, ByteBuffer bytes, boolean reused, int site, ShapeMetrics m) {
        TensorLease lease = new TensorLease(tensor, open.queue(), bytes, site, bytes.limit(), m);
        lease.creationStack = Tracking.creationStack(site);
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
            if (lease.closed) {
                return Optional.empty();
            }
            lease.viewed = true;
            return bufferRef;
        }
    }

    /** The metrics of this shape; the last one used at each site is kept so a steady site allocates no key. */
    private ShapeMetrics metricsFor(Element element, long[] dims, int site) {
        ShapeMetrics[] cache = lastBySite;
        ShapeMetrics m = site >= 0 && site < cache.length ? cache[site] : null;
        if (m != null && m.shape.elementType() == element.primitive && sameDims(m.shape.dims(), dims)) {
            return m;
        }
        m = shapes.computeIfAbsent(shapeOf(element, dims), ShapeMetrics::new);
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
    private static Shape shapeOf(Element element, long[] dims) {
        int[] ints = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            ints[i] = Math.toIntExact(dims[i]);
        }
        return Shape.of(element.primitive, ints);
    }

    private synchronized void remember(int site, ShapeMetrics m) {
        if (site < 0 || site > 1 << 20) return;
        if (site >= lastBySite.length) {
            lastBySite = Arrays.copyOf(lastBySite, Math.max(site + 1, lastBySite.length * 2));
        }
        lastBySite[site] = m;
    }

    private void startOnce() {
        if (!started.compareAndSet(false, true)) return;
        Thread reaper = dev.autopool.runtime.internal.RuntimeThreads.create(this::reportLeaks, "autopool-onnx-leaks", true);
        reaper.start();
        GlobalPool.get(); // the pools' and the tracker's parts of the summary, as when the pools are used first
        ShutdownSummary.installOnce();
        // Not here: the first registration makes the platform MBean server, hundreds of classes on the app's thread.
        MBeanPublisher.publish(OnnxTensorsMXBean.OBJECT_NAME, metrics, null);
    }

    private void reportLeaks() {
        while (true) {
            try {
                collected(open.awaitLeak());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                ReportLog.log(Level.WARNING, "autopool ONNX leak check failed: " + e, e);
            }
        }
    }

    private void collected(TensorLease lease) {
        open.removeCollected(lease);
        synchronized (lease) {
            if (lease.closed) return;
            lease.closed = true;
            // The buffer is not reused: the leaked native value still points into it. Dropping our reference
            // lets the GC free it, as it would without the agent.
            lease.buffer = null;
        }
        // The shared report first: whoever watches this pool's counter then finds the line and the event out.
        Tracking.tensorLeak(lease.site, lease.metrics.shape.toString(), lease.bytes, lease.creationStack);
        lease.metrics.leaks.increment();
    }

    /** Reports the tensors the GC already collected without close(), without waiting for the reaper thread. */
    void drainLeaks() {
        open.drainLeaks(this::collected);
    }

    /**
     * The ONNX part of the shutdown summary: {@code autopool ONNX key=value ...}, then one
     * {@code autopool ONNX-SHAPE} line for each of the shapes that moved the most bytes; nothing when no tensor
     * was pooled.
     */
    List<String> summaryLines() {
        if (!started.get()) return List.of();
        List<String> lines = new ArrayList<>();
        lines.add("autopool ONNX " + metrics.summary());
        lines.addAll(shapeLines(shapes.values()));
        return lines;
    }

    /** The ONNX-SHAPE lines of the exit block: the {@link #MAX_SHAPE_LINES} shapes that moved the most bytes. */
    static List<String> shapeLines(java.util.Collection<ShapeMetrics> all) {
        List<String> lines = new ArrayList<>();
        List<ShapeMetrics> byBytes = new ArrayList<>(all);
        byBytes.sort(BY_BYTES);
        int shown = Math.min(byBytes.size(), MAX_SHAPE_LINES);
        for (ShapeMetrics m : byBytes.subList(0, shown)) {
            lines.add("autopool ONNX-SHAPE " + m);
        }
        if (byBytes.size() > shown) {
            lines.add("autopool ONNX-SHAPE ... " + (byBytes.size() - shown) + " more shapes, fewer bytes each (the"
                    + " OnnxTensors MXBean lists every shape)");
        }
        return lines;
    }

    /**
     * The exit block shows the shapes that moved the most bytes: a model fed inputs of varying length makes one
     * shape per length (81 for 400 sentences), which would drown the summary.
     */
    static final int MAX_SHAPE_LINES = 10;
    private static final java.util.Comparator<ShapeMetrics> BY_BYTES = new java.util.Comparator<>() {
        @Override
        public int compare(ShapeMetrics a, ShapeMetrics b) {
            return Long.compare(b.created.sum() * b.shape.bytes(), a.created.sum() * a.shape.bytes());
        }
    };

    /** The JMX view of the counters. */
    private final class Metrics implements OnnxTensorsMXBean {
        private long sum(java.util.function.Function<ShapeMetrics, Long> f) {
            long n = 0;
            for (ShapeMetrics m : shapes.values()) n += f.apply(m);
            return n;
        }

        @Override public long getCreated() { return sum(m -> m.created.sum()); }
        @Override public long getReused() { return sum(m -> m.reused.sum()); }
        @Override public long getDirectBytesAvoided() { return sum(m -> m.directBytesAvoided.sum()); }
        @Override public long getOpen() { return sum(ShapeMetrics::open); }
        @Override public long getLeaks() { return sum(m -> m.leaks.sum()); }
        @Override public long getRetainedBytes() { return buffers.retainedBytes(); }

        @Override
        public List<TensorShape> getShapes() {
            List<TensorShape> out = new ArrayList<>();
            for (ShapeMetrics m : shapes.values()) out.add(m.row());
            return out;
        }

        String summary() {
            return "tensors=" + getCreated() + " reused=" + getReused() + " directBytesAvoided="
                    + getDirectBytesAvoided() + " open=" + getOpen() + " leaks=" + getLeaks() + " retainedBytes="
                    + getRetainedBytes() + " closedNotReused=" + notReused.sum();
        }
    }
}
