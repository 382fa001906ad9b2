package dev.autopool.runtime.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct byte buffers in native byte order, kept by size class so that tensors of different shapes but similar
 * sizes share buffers. Size classes are powers of two and the three-quarter step between them, so a buffer
 * wastes at most a third of itself. The pool keeps at most {@code maxRetainedBytes}; what would exceed it is
 * left to the GC.
 *
 * <p>A borrowed buffer comes back with position 0 and limit exactly the bytes asked for. Its bytes are not
 * zeroed: every tensor overwrites all the bytes it can see (its limit), and nothing past the limit is visible
 * through the tensor or its typed views.
 */
final class DirectBufferPool {
    /** Smallest class: below this the bookkeeping costs more than the allocation. */
    private static final int MIN_CLASS_BYTES = 256;
    /** Largest pooled class; bigger tensors get an exact buffer that is not kept. */
    static final long MAX_CLASS_BYTES = 1L << 30;

    private final ArrayDeque<ByteBuffer>[] free;
    private final AtomicLong retained = new AtomicLong();
    private volatile long maxRetainedBytes;

    @SuppressWarnings("unchecked")
    DirectBufferPool(long maxRetainedBytes) {
        this.maxRetainedBytes = maxRetainedBytes;
        free = new ArrayDeque[2 * 32];
        for (int i = 0; i < free.length; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    void maxRetainedBytes(long bytes) {
        maxRetainedBytes = bytes;
    }

    long retainedBytes() {
        return retained.get();
    }

    /** A pooled buffer, or null when none of the right class is free (the caller then allocates one). */
    ByteBuffer poll(long bytes) {
        if (bytes > MAX_CLASS_BYTES) return null;
        ArrayDeque<ByteBuffer> queue = free[classIndex(bytes)];
        ByteBuffer b;
        synchronized (queue) {
            b = queue.pollLast();
        }
        if (b == null) return null;
        retained.addAndGet(-b.capacity());
        b.clear().limit((int) bytes);
        return b;
    }

    /** A new buffer of the size class {@code bytes} falls in, limited to {@code bytes}. */
    ByteBuffer allocate(long bytes) {
        long capacity = bytes > MAX_CLASS_BYTES ? bytes : classBytes(classIndex(bytes));
        ByteBuffer b = ByteBuffer.allocateDirect((int) capacity).order(ByteOrder.nativeOrder());
        b.limit((int) bytes);
        return b;
    }

    /** Takes a buffer back, unless it is not of a pooled class or the pool is full. */
    void release(ByteBuffer b) {
        int capacity = b.capacity();
        if (capacity > MAX_CLASS_BYTES || capacity < MIN_CLASS_BYTES || classBytes(classIndex(capacity)) != capacity) {
            return;
        }
        if (retained.addAndGet(capacity) > maxRetainedBytes) {
            retained.addAndGet(-capacity);
            return;
        }
        ArrayDeque<ByteBuffer> queue = free[classIndex(capacity)];
        synchronized (queue) {
            queue.addLast(b);
        }
    }

    /** Index of the smallest class holding {@code bytes}: 2k for 3/4 * 2^k, 2k+1 for 2^k. */
    static int classIndex(long bytes) {
        long n = Math.max(bytes, MIN_CLASS_BYTES);
        int k = 64 - Long.numberOfLeadingZeros(n - 1);
        long threeQuarters = (1L << k) - (1L << (k - 2));
        return n <= threeQuarters ? 2 * k : 2 * k + 1;
    }

    static long classBytes(int index) {
        int k = index >> 1;
        return (index & 1) == 1 ? 1L << k : (1L << k) - (1L << (k - 2));
    }
}
