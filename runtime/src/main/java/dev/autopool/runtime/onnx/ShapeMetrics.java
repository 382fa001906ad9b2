package dev.autopool.runtime.onnx;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the pooled tensors of one shape. */
final class ShapeMetrics {
    final TensorShape shape;
    final LongAdder created = new LongAdder();
    final LongAdder reused = new LongAdder();
    final LongAdder directBytesAvoided = new LongAdder();
    final LongAdder closed = new LongAdder();
    final LongAdder leaks = new LongAdder();

    ShapeMetrics(TensorShape shape) {
        this.shape = shape;
    }

    long open() {
        return created.sum() - closed.sum() - leaks.sum();
    }

    @Override
    public String toString() {
        return "shape=" + shape + " created=" + created.sum() + " reused=" + reused.sum() + " directBytesAvoided="
                + directBytesAvoided.sum() + " open=" + open() + " leaks=" + leaks.sum();
    }
}
