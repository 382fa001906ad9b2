package dev.autopool.runtime.onnx;

import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tensors over pooled buffers that the GC has not yet collected, found by tensor identity without keeping
 * the tensors alive: a fixed table of chains keyed by identity hash, locked by stripe, so registering and finding
 * a tensor allocates nothing. A tensor collected while still registered comes out of {@link #awaitLeak()}.
 */
final class OpenTensors {
    private static final int BUCKETS = 1 << 14;
    private static final int STRIPES = 64;

    private final TensorLease[] heads = new TensorLease[BUCKETS];
    private final Object[] locks = new Object[STRIPES];
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    OpenTensors() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    ReferenceQueue<Object> queue() {
        return collected;
    }

    void add(TensorLease lease) {
        int b = bucket(lease.identity);
        synchronized (locks[b & (STRIPES - 1)]) {
            lease.next = heads[b];
            heads[b] = lease;
        }
    }

    /** The lease of a registered tensor, or null when the tensor is not ours. */
    TensorLease find(Object tensor) {
        int identity = System.identityHashCode(tensor);
        int b = bucket(identity);
        synchronized (locks[b & (STRIPES - 1)]) {
            for (TensorLease l = heads[b]; l != null; l = l.next) {
                if (l.identity == identity && l.refersTo(tensor)) return l;
            }
        }
        return null;
    }

    /** Unregisters a lease whose tensor was collected; false when it was not registered. */
    boolean removeCollected(TensorLease lease) {
        int b = bucket(lease.identity);
        synchronized (locks[b & (STRIPES - 1)]) {
            TensorLease prev = null;
            for (TensorLease l = heads[b]; l != null; prev = l, l = l.next) {
                if (l == lease) {
                    if (prev == null) heads[b] = l.next;
                    else prev.next = l.next;
                    l.next = null;
                    return true;
                }
            }
        }
        return false;
    }

    /** Blocks until a registered tensor is collected; returns its lease. */
    TensorLease awaitLeak() throws InterruptedException {
        return (TensorLease) collected.remove();
    }

    /** Hands every lease already on the queue to {@code onCollected} without blocking. */
    void drainLeaks(Consumer<TensorLease> onCollected) {
        TensorLease l;
        while ((l = (TensorLease) collected.poll()) != null) {
            onCollected.accept(l);
        }
    }

    /**
     * The registered leases whose tensor the GC already collected: on the queue, still on their way to it, or
     * taken off it by a reaper that has not unregistered them yet (it unregisters a lease only once it has
     * counted it).
     */
    List<TensorLease> collectedButRegistered() {
        List<TensorLease> found = new ArrayList<>();
        for (int b = 0; b < BUCKETS; b++) {
            synchronized (locks[b & (STRIPES - 1)]) {
                for (TensorLease l = heads[b]; l != null; l = l.next) {
                    if (l.refersTo(null)) found.add(l);
                }
            }
        }
        return found;
    }

    /**
     * The registered leases of tensors created in checkpoint epoch {@code epoch} or later and not yet collected,
     * closed or not (the caller reads {@code closed} under each lease's lock: a lease is never locked while
     * a stripe is held here, as the reaper locks a lease and then a stripe).
     */
    List<TensorLease> liveSince(long epoch) {
        List<TensorLease> found = new ArrayList<>();
        for (int b = 0; b < BUCKETS; b++) {
            synchronized (locks[b & (STRIPES - 1)]) {
                for (TensorLease l = heads[b]; l != null; l = l.next) {
                    if (l.loanEpoch >= epoch && !l.refersTo(null)) found.add(l);
                }
            }
        }
        return found;
    }

    int size() {
        int n = 0;
        for (int b = 0; b < BUCKETS; b++) {
            synchronized (locks[b & (STRIPES - 1)]) {
                for (TensorLease l = heads[b]; l != null; l = l.next) n++;
            }
        }
        return n;
    }

    private static int bucket(int identity) {
        return (identity ^ (identity >>> 14)) & (BUCKETS - 1);
    }
}
