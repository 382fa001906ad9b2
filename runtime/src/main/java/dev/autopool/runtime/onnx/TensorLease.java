package dev.autopool.runtime.onnx;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;

/**
 * One tensor over a pooled buffer, from creation until the GC collects it: which buffer, where it was created, how big. It refers to the tensor
 * only phantomly, so a tensor the app drops without {@code close()} is still collected, and the lease then
 * surfaces on the queue (a leak if it was never closed). State changes synchronize on the lease.
 */
final class TensorLease extends PhantomReference<Object> {
    final int identity;
    /** The pooled buffer while the tensor is open; null once closed (the buffer may then serve others). */
    ByteBuffer buffer;
    final int site;
    final long bytes;
    final ShapeCounters metrics;
    /** A {@code getBufferRef()} view of the buffer was handed out: the buffer must never be reused. */
    boolean viewed;
    /** {@code close()} ran; the lease stays registered until the tensor is collected, so late views are caught. */
    boolean closed;
    /** Where the tensor was created, captured at {@code leak=paranoid} only, for its LEAK line; else null. */
    Throwable creationStack;
    /** The test-checkpoint epoch the tensor was created in: checkpoints count only their own tensors. */
    long loanEpoch;
    /** What ONNX Runtime would answer about this tensor's buffer had it made the tensor from the app's data. */
    PlainAnswers plain = PlainAnswers.POOLED;
    /** Next lease in the same identity-hash bucket. */
    TensorLease next;

    TensorLease(Object tensor, ReferenceQueue<Object> queue, ByteBuffer buffer, int site, long bytes,
                ShapeCounters metrics) {
        super(tensor, queue);
        this.identity = System.identityHashCode(tensor);
        this.buffer = buffer;
        this.site = site;
        this.bytes = bytes;
        this.metrics = metrics;
    }
}
