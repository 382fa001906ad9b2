package dev.autopool.runtime.onnx;

import java.lang.ref.ReferenceQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The tensors currently open over pooled buffers, found by tensor identity without keeping the tensors alive.
 * A tensor collected while still open comes out of {@link #awaitLeak()}.
 */
final class OpenTensors {
    private final ConcurrentHashMap<Integer, TensorLease> byIdentity = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    ReferenceQueue<Object> queue() {
        return collected;
    }

    void add(TensorLease lease) {
        byIdentity.compute(lease.identity, (k, head) -> {
            lease.next = head;
            return lease;
        });
    }

    /** The lease of an open tensor, or null when the tensor is not ours or already closed. */
    TensorLease find(Object tensor) {
        TensorLease l = byIdentity.get(System.identityHashCode(tensor));
        while (l != null && !l.refersTo(tensor)) {
            l = l.next;
        }
        return l;
    }

    /** Removes and returns the tensor's lease, or null when it has none. */
    TensorLease remove(Object tensor) {
        TensorLease[] found = new TensorLease[1];
        byIdentity.computeIfPresent(System.identityHashCode(tensor), (k, head) -> {
            TensorLease prev = null;
            for (TensorLease l = head; l != null; prev = l, l = l.next) {
                if (l.refersTo(tensor)) {
                    found[0] = l;
                    if (prev == null) return l.next;
                    prev.next = l.next;
                    return head;
                }
            }
            return head;
        });
        if (found[0] != null) found[0].clear();
        return found[0];
    }

    /** Removes a lease whose tensor was collected; false when a close already removed it. */
    boolean removeCollected(TensorLease lease) {
        boolean[] removed = new boolean[1];
        byIdentity.computeIfPresent(lease.identity, (k, head) -> {
            TensorLease prev = null;
            for (TensorLease l = head; l != null; prev = l, l = l.next) {
                if (l == lease) {
                    removed[0] = true;
                    if (prev == null) return l.next;
                    prev.next = l.next;
                    return head;
                }
            }
            return head;
        });
        return removed[0];
    }

    /** Blocks until a tensor is collected while still open; returns its lease. */
    TensorLease awaitLeak() throws InterruptedException {
        return (TensorLease) collected.remove();
    }

    /** Hands every lease already on the queue to {@code onLeak} without blocking. */
    void drainLeaks(Consumer<TensorLease> onLeak) {
        TensorLease l;
        while ((l = (TensorLease) collected.poll()) != null) {
            onLeak.accept(l);
        }
    }

    int size() {
        int n = 0;
        for (TensorLease head : byIdentity.values()) {
            for (TensorLease l = head; l != null; l = l.next) n++;
        }
        return n;
    }
}
