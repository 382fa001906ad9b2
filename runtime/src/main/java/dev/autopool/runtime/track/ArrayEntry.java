package dev.autopool.runtime.track;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;

/**
 * The ledger's record of one pooled array, created the first time the pool lends the array and reused for every
 * later loan of it, so a recycled borrow allocates nothing. It is a phantom reference: when the GC finds the
 * array unreachable while the record still says "borrowed", the array leaked.
 *
 * <p>The state is one atomic {@code long}: the borrowed bit plus the borrow site, or, once released, the
 * release site. A release is a compare-and-set from borrowed to released, so of two racing releases exactly
 * one wins and the other is a double return that already knows the winner's site.
 */
final class ArrayEntry extends PhantomReference<Object> {
    private static final long BORROWED = 1L << 32;
    private static final long SITE_BITS = 0xffff_ffffL;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ArrayEntry.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int hash;
    final long bytes;
    final ArrayDescription description;
    private volatile long state;

    // Written by the borrowing thread before its volatile write of state, read after a volatile read of state.
    boolean watchedForLeak;
    Throwable borrowStack;
    int borrowSite;
    long loanEpoch;
    boolean poisoned;

    ArrayEntry(Object array, int hash, long bytes, ReferenceQueue<Object> queue) {
        super(array, queue);
        this.hash = hash;
        this.bytes = bytes;
        this.description = ArrayDescription.of(array);
    }

    /** A placeholder that refers to nothing, for slots of the ledger whose record was removed. */
    private ArrayEntry() {
        super(null, null);
        this.hash = 0;
        this.bytes = 0;
        this.description = null;
    }

    static ArrayEntry tombstone() {
        return new ArrayEntry();
    }

    void lend(int site) {
        borrowSite = site;
        poisoned = false;
        // A release store is enough: a releasing thread reads the state with a CAS, the leak watcher after a GC.
        STATE.setRelease(this, BORROWED | (site & SITE_BITS));
    }

    /** Marks an adopted (foreign) array as released at {@code site}, so its first loan is a pool hit. */
    void adopt(int site) {
        state = site & SITE_BITS;
    }

    /**
     * Moves the record from borrowed to released at {@code site}. Returns 0 on success, otherwise the state
     * that made it fail (never 0 for a released record: see {@link #releaseSite(long)}).
     */
    long release(int site) {
        long seen = state;
        while ((seen & BORROWED) != 0) {
            if (STATE.compareAndSet(this, seen, site & SITE_BITS)) {
                return 0;
            }
            seen = state;
        }
        return seen | (1L << 33);
    }

    boolean isBorrowed() {
        return (state & BORROWED) != 0;
    }

    /** The borrow site while borrowed, the release site once released. */
    int site() {
        return (int) (state & SITE_BITS);
    }

    /** The release site held by a failed {@link #release(int)}'s answer. */
    static int releaseSite(long failedState) {
        return (int) (failedState & SITE_BITS);
    }
}
