package dev.autopool.runtime;

import dev.autopool.runtime.internal.RuntimeThreads;
import dev.autopool.runtime.pool.ArrayPool;
import dev.autopool.runtime.track.Tracker;
import java.lang.ref.Cleaner;
import java.lang.ref.SoftReference;

/**
 * Buffers of {@code owned} fields: a pooled {@code new} stored into the field of an object with no close method
 * goes home when that object is collected. A {@link Cleaner} is registered on the owner at the store; its action
 * holds the loan's generation, the field's guard and the site, never the owner (which would then stay reachable
 * for good), and the array only through a {@link SoftReference}. The agent keeps every read of the field local and
 * keeps the owner reachable to the end of the value's use ({@code Reference.reachabilityFence}), so once the owner
 * is phantom reachable nobody uses the buffer any more.
 *
 * <p>Nothing here holds a bound array strongly: while the owner lives its field does, and once it is dead the
 * buffer is only softly reachable until the action runs. So the agent never costs the app memory it would get
 * back without it: the GC clears soft references before it throws {@code OutOfMemoryError}, and a buffer it takes
 * that way counts as lost to the GC (its loan was marked {@link Tracker#leftToGc} when it was bound), never as a
 * leak. The binding that a later store over the field looks up lives on the ledger's record of the array
 * ({@link Tracker#bindOwned}), which refers to the array only weakly.
 *
 * <p>A store over a bound buffer gives the old one up to the GC (it may still be in a reader's local; once it is
 * unreachable it is simply collected, and not reported as a leak). At the owner's death the buffer goes home only
 * if the field's guard still holds: a class loaded later that keeps the value clears it.
 */
final class OwnedLoans {
    /** Serializes every read and write of the bindings on ledger records, and each loan's hand-over. */
    private static final Object LOCK = new Object();

    private OwnedLoans() {}

    /** The Cleaner's thread starts on the first owned store, not when {@code Pools} loads. */
    private static final class Lazy {
        static final Cleaner CLEANER = Cleaner.create(task -> RuntimeThreads.create(task, "autopool-owned", true));
    }

    /**
     * {@code owner}'s field, which held {@code previous}, now holds {@code array}; {@code site} is the borrow
     * site that lent it right before the store, or -1 when the stored value is not such a borrow (then nothing is
     * bound).
     */
    static void stored(ArrayPool pool, Object owner, Object array, Object previous, int guard, int site) {
        if (previous != null && previous != array) {
            Loan old;
            synchronized (LOCK) {
                old = Tracker.ownedBinding(previous) instanceof Loan l ? l : null;
            }
            if (old != null) old.giveUp();
        }
        if (owner == null || array == null || site < 0) {
            return;
        }
        int generation = Tracker.generation(array);
        if (generation < 0 || !Tracker.isBorrowed(array)) {
            return; // a plain new below min-bytes: not the pool's
        }
        Loan loan = new Loan(pool, array, generation, guard, site);
        synchronized (LOCK) {
            if (Tracker.ownedBinding(array) instanceof Loan bound && bound.generation == generation) {
                return; // this loan is bound already: it has an owner
            }
            // (a binding of an earlier loan is stale: that loan came home some other way, and its action,
            // finding itself no longer bound, does nothing)
            Tracker.bindOwned(array, loan);
            loan.holdRows(Tracker.detachRows(array));
            // From now on the collection of this loan is no leak: should the owner die and the GC clear the soft
            // reference before the action runs, the buffer is simply lost to the GC.
            Tracker.leftToGc(array, generation);
        }
        loan.cleanable = Lazy.CLEANER.register(owner, loan::ownerCollected);
    }

    /**
     * What the GC does to a bound buffer's soft references when memory runs short, for the runtime's own tests:
     * clears the action's reference to {@code array} ({@code buffer}) and to its rows record ({@code rows}).
     */
    static void clearAsTheGcWould(Object array, boolean buffer, boolean rows) {
        synchronized (LOCK) {
            if (Tracker.ownedBinding(array) instanceof Loan loan) {
                if (buffer && loan.buffer != null) loan.buffer.clear();
                if (rows && loan.rows != null) loan.rows.clear();
            }
        }
    }

    /**
     * One owner's buffer: its binding on the ledger, and what the Cleaner runs at the owner's death
     * ({@link #ownerCollected}; the action is a method reference, so the binding offers no {@code run} to whoever
     * looks it up). Holds no reference to the owner, and none strong to the buffer.
     */
    private static final class Loan implements Tracker.OwnedBinding {
        private final ArrayPool pool;
        private final int generation;
        private final int guard;
        private final int site;
        private final boolean matrix;
        /** False when the pool would drop the buffer anyway (above {@code shape.max} or the budget at the store). */
        private final boolean mayComeHome;
        private SoftReference<Object> buffer; // guarded by LOCK; null once home or given up
        private SoftReference<Tracker.DetachedRows> rows; // guarded by LOCK: the matrix's rows record, or null
        volatile Cleaner.Cleanable cleanable;

        Loan(ArrayPool pool, Object array, int generation, int guard, int site) {
            this.pool = pool;
            this.matrix = array instanceof Object[];
            this.mayComeHome = pool.couldKeep(array);
            this.buffer = new SoftReference<>(array);
            this.generation = generation;
            this.guard = guard;
            this.site = site;
        }

        /**
         * Keeps the matrix's rows record ({@link Tracker#detachRows}) softly too: held strongly, the record would
         * keep every row alive after the owner and the matrix are gone. Nothing else refers to it, so the GC may
         * clear it even while the owner lives (when memory runs short); the matrix then cannot be checked and
         * goes to the GC at the owner's death instead of home.
         */
        void holdRows(Tracker.DetachedRows record) {
            rows = record == null ? null : new SoftReference<>(record);
        }

        /**
         * The owner was collected: the buffer goes home if the verdict still holds, else to the GC. A buffer the
         * GC took already is lost (counted so by the tracker when it is collected); a buffer lent again meanwhile
         * is refused by the generation.
         */
        void ownerCollected() {
            if (!mayComeHome) {
                forget(); // never held strongly, not even while the action runs: its release would only drop it
                return;
            }
            Object a = take();
            if (a == null) return;
            if (VerdictGuards.holds(guard) && rowsBack(a)) {
                pool.releaseLoan(a, generation, site);
            } else {
                Tracker.leftToGc(a, generation);
            }
        }

        /** The field was overwritten: the buffer goes to the GC with its last reader, and the action is dropped. */
        void giveUp() {
            Object a = take();
            if (a != null) Tracker.leftToGc(a, generation);
            Cleaner.Cleanable c = cleanable;
            if (c != null) c.clean(); // runs the action, which finds nothing to do, and unregisters the owner
        }

        /**
         * Puts the rows record back on the ledger for a matrix about to go home; false when the GC took it (the
         * matrix cannot be checked any more, and goes to the GC). Always true for a rank-1 array.
         */
        private boolean rowsBack(Object a) {
            if (!matrix) return true;
            Tracker.DetachedRows record;
            synchronized (LOCK) {
                SoftReference<Tracker.DetachedRows> r = rows;
                rows = null;
                record = r == null ? null : r.get();
            }
            if (record == null) return false;
            Tracker.attachRows(a, record);
            return true;
        }

        /** Lets go of the buffer and its rows record without ever dereferencing them: both are the GC's now. */
        private void forget() {
            synchronized (LOCK) {
                buffer = null;
                rows = null;
            }
        }

        /**
         * The buffer, held strongly from here on, if this loan still had it and it is still bound to this loan;
         * else null (the GC cleared it, or it was taken already, or a later loan of the array is bound now).
         */
        @SuppressWarnings("ReferenceEquality") // a binding is this very loan or not
        private Object take() {
            synchronized (LOCK) {
                SoftReference<Object> b = buffer;
                buffer = null;
                Object a = b == null ? null : b.get();
                if (a == null || Tracker.ownedBinding(a) != this) return null;
                Tracker.bindOwned(a, null);
                return a;
            }
        }
    }
}
