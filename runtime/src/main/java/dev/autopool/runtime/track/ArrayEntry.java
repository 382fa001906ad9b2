package dev.autopool.runtime.track;

import dev.autopool.runtime.internal.Site;
import dev.autopool.runtime.internal.SiteRegistry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;

/**
 * The ledger's record of one pooled array, created the first time the pool lends the array and reused for every
 * later loan of it, so a recycled borrow allocates nothing. It is a phantom reference: when the GC finds the
 * array unreachable while the record still says "borrowed", the array leaked.
 *
 * <p>The state is one atomic {@code long}: the loan's generation (counted per array, one more for every loan),
 * the borrowed bit plus the borrow site, or, once released, the release site. A release is a compare-and-set
 * from borrowed to released, so of two racing releases exactly one wins and the other is a double return that
 * already knows the winner's site; a release that names a generation wins only over that very loan.
 *
 * <p>Two more things travel with the record: the rows the pool gave a matrix ({@link RowRecord}), and which
 * object a {@code lifecycle} field store bound the current loan to ({@link Ownership}).
 */
final class ArrayEntry extends PhantomReference<Object> {
    private static final long BORROWED = 1L << 32;
    private static final long SITE_BITS = 0xffff_ffffL;
    private static final int GENERATION_SHIFT = 33;
    private static final long GENERATION_BITS = (1L << 30) - 1;
    /** Set in every answer of a failed release, so that answer is never 0. */
    private static final long FAILED = 1L << 63;
    private static final VarHandle STATE;
    private static final VarHandle OWNER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(ArrayEntry.class, "state", long.class);
            OWNER = lookup.findVarHandle(ArrayEntry.class, "owner", Ownership.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int hash;
    final long bytes;
    final ArrayDescription description;
    private volatile long state;
    private volatile Ownership owner;
    /**
     * The rows the pool gave this matrix, held softly, or null (rank 1, or the matrix is not to be lent again).
     * Read and cleared only by the thread handing the array out, which holds it alone. Softly, because the ledger
     * is reachable for good: held strongly, the record would keep the rows (most of a matrix's bytes) of an idle
     * matrix the pool gave up under memory pressure alive past the GC that cleared the matrix, and the app could
     * run out of memory over them. A record the GC cleared means the matrix is not lent again (it cannot be
     * checked), without a report: the pool counts it as given up under pressure. One reference per matrix, made
     * at its first loan, never per loan.
     */
    SoftReference<Object[]> rows;

    // Written by the borrowing thread before its volatile write of state, read after a volatile read of state.
    boolean watchedForLeak;
    Throwable borrowStack;
    int borrowSite = -1;
    /**
     * Whether {@link #borrowSite} opted out of zeroing ({@code NO_ZERO}): a recycled loan to that same site again
     * keeps its data (site flags never change once the id is issued).
     */
    boolean keepsData;
    long loanEpoch;
    boolean poisoned;
    /** Set when the loan's owner gave it up to the GC ({@link Tracker#leftToGc}): its collection is no leak. */
    volatile boolean leftToGc;
    /**
     * The {@code owned} field binding of a loan of this array ({@code OwnedLoans} reads and writes it under its own
     * lock), or null. Kept on the record, not in a map keyed by the array, so that nothing in the
     * pool holds a bound array strongly once its owner is gone.
     */
    volatile Tracker.OwnedBinding ownedBinding;

    ArrayEntry(Object array, int hash, long bytes, ReferenceQueue<Object> queue) {
        super(array, queue);
        this.hash = hash;
        this.bytes = bytes;
        this.description = ArrayDescription.of(array);
        Object[] record = RowRecord.of(array);
        this.rows = record == null ? null : new SoftReference<>(record);
        PooledRows.recorded(record);
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
        if (borrowSite != site) { // written only on change: see Tracker's lend
            borrowSite = site;
            keepsData = (SiteRegistry.flags(site) & Site.NO_ZERO) != 0;
        }
        if (poisoned) {
            poisoned = false;
        }
        long next = (((state >>> GENERATION_SHIFT) + 1) & GENERATION_BITS) << GENERATION_SHIFT;
        // A release store is enough: a releasing thread reads the state with a CAS, the leak watcher after a GC.
        STATE.setRelease(this, next | BORROWED | (site & SITE_BITS));
    }

    /**
     * Another loan to {@link #borrowSite}, by the thread that holds the array alone (see
     * {@link Tracker#lendQuick}): only the state changes. The state is read plainly: its last write was this
     * thread's own, or happened before the array reached this thread.
     */
    void lendAgain(int site) {
        long next = ((((long) STATE.get(this) >>> GENERATION_SHIFT) + 1) & GENERATION_BITS) << GENERATION_SHIFT;
        STATE.setRelease(this, next | BORROWED | (site & SITE_BITS));
    }

    /** Marks an adopted (foreign) array as released at {@code site}, so its first loan is a pool hit. */
    void adopt(int site) {
        borrowSite = -1; // its data is the app's, no rule's: the first borrower gets it zeroed
        state = site & SITE_BITS;
    }

    /**
     * Moves the record from borrowed to released at {@code site}. Returns 0 on success, otherwise the state
     * that made it fail (never 0: see {@link #releaseSite(long)}).
     */
    long release(int site) {
        long seen = state;
        while ((seen & BORROWED) != 0) {
            if (STATE.compareAndSet(this, seen, (seen & ~(BORROWED | SITE_BITS)) | (site & SITE_BITS))) {
                return 0;
            }
            seen = state;
        }
        return seen | FAILED;
    }

    /**
     * Like {@link #release(int)}, but only while the loan is the one of {@code generation}: a release that
     * comes after the buffer was returned and lent again fails with a state that {@link #stale(long)} names.
     */
    long release(int site, int generation) {
        long seen = state;
        while ((seen & BORROWED) != 0 && generation(seen) == generation) {
            if (STATE.compareAndSet(this, seen, (seen & ~(BORROWED | SITE_BITS)) | (site & SITE_BITS))) {
                return 0;
            }
            seen = state;
        }
        return seen | FAILED;
    }

    /** Whether a failed release's answer means the buffer is lent again (to another loan), not free. */
    static boolean stale(long failedState) {
        return (failedState & BORROWED) != 0;
    }

    /** The current loan's generation (of the last loan, once released). */
    int generation() {
        return generation(state);
    }

    private static int generation(long state) {
        return (int) ((state >>> GENERATION_SHIFT) & GENERATION_BITS);
    }

    /**
     * Binds the current loan to {@code holder}, the object a lifecycle field store put the array into, unless
     * the loan is already bound (the first owner keeps it: a copy's or a clone's field is no owner). Does
     * nothing for a record that is not lent.
     */
    void bind(Object holder) {
        long s = state;
        if ((s & BORROWED) == 0) {
            return;
        }
        int generation = generation(s);
        Ownership current = owner;
        if (current == null || current.generation != generation) {
            Ownership next = new Ownership(holder, generation, current != null && current.closed ? current : null);
            if (OWNER.compareAndSet(this, current, next) && current != null) {
                current.previous = null; // one step of history is enough: no chain through every loan
            }
        }
    }

    /** The lifecycle binding of the last bound loan, or null. */
    Ownership owner() {
        return owner;
    }

    /**
     * Which object a lifecycle field store bound one loan to, and whether that object's lifecycle method has
     * released the loan already. Phantom-held: the pool must not keep the app's objects alive, yet a close run by
     * the object's {@code finalize()} must still find its object ({@code refersTo}), and a weak reference is
     * cleared before finalization while a phantom one is not.
     */
    static final class Ownership extends java.lang.ref.PhantomReference<Object> {
        final int generation;
        volatile boolean closed;
        /**
         * The binding before this one if its object's close ended it: a second close of that object, after the
         * buffer went to this one, is still only a second close (for the report; never for a release).
         */
        volatile Ownership previous;

        Ownership(Object holder, int generation, Ownership previous) {
            super(holder, null);
            this.generation = generation;
            this.previous = previous;
        }
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
