package dev.autopool.runtime.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/** The tensor pool's counters on JMX ({@code dev.autopool:type=OnnxTensors}): sums over its shapes. */
final class TensorMetrics implements OnnxTensorsMXBean {
    private final Map<?, ShapeCounters> shapes;
    private final DirectBufferPool buffers;
    private final LongAdder notReused;

    TensorMetrics(Map<?, ShapeCounters> shapes, DirectBufferPool buffers, LongAdder notReused) {
        this.shapes = shapes;
        this.buffers = buffers;
        this.notReused = notReused;
    }

    private long sum(ToLongFunction<ShapeCounters> f) {
        long n = 0;
        for (ShapeCounters m : shapes.values()) n += f.applyAsLong(m);
        return n;
    }

    @Override public long getCreated() { return sum(m -> m.created.sum()); }
    @Override public long getReused() { return sum(m -> m.reused.sum()); }
    @Override public long getDirectBytesAvoided() { return sum(m -> m.directBytesAvoided.sum()); }
    @Override public long getOpen() { return sum(ShapeCounters::open); }
    @Override public long getLeaks() { return sum(m -> m.leaks.sum()); }
    @Override public long getRetainedBytes() { return buffers.retainedBytes(); }

    @Override
    public List<TensorShape> getShapes() {
        List<TensorShape> out = new ArrayList<>();
        for (ShapeCounters m : shapes.values()) out.add(m.row());
        return out;
    }

    /** The words of the summary's {@code autopool ONNX} line. */
    String summary() {
        return "tensors=" + getCreated() + " reused=" + getReused() + " directBytesAvoided="
                + getDirectBytesAvoided() + " open=" + getOpen() + " leaks=" + getLeaks() + " retainedBytes="
                + getRetainedBytes() + " closedNotReused=" + notReused.sum();
    }
}
