package dev.autopool.runtime.onnx;

import dev.autopool.runtime.pool.Shape;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the pooled tensors of one shape (the same {@link Shape} key the array pools use). */
final class ShapeCounters {
    final Shape shape;
    final LongAdder created = new LongAdder();
    final LongAdder reused = new LongAdder();
    final LongAdder directBytesAvoided = new LongAdder();
    final LongAdder closed = new LongAdder();
    final LongAdder leaks = new LongAdder();

    ShapeCounters(Shape shape) {
        this.shape = shape;
    }

    long open() {
        return created.sum() - closed.sum() - leaks.sum();
    }

    /** This shape's row on JMX. */
    OnnxTensorsMXBean.TensorShape row() {
        return new OnnxTensorsMXBean.TensorShape(shape.toString(), created.sum(), reused.sum(),
                directBytesAvoided.sum(), open(), leaks.sum());
    }

    @Override
    public String toString() {
        return "shape=" + shape + " created=" + created.sum() + " reused=" + reused.sum() + " directBytesAvoided="
                + directBytesAvoided.sum() + " open=" + open() + " leaks=" + leaks.sum();
    }
}
