package dev.autopool.runtime;

import dev.autopool.runtime.internal.RuntimeThreads;
import dev.autopool.runtime.pool.ArrayPool;
import dev.autopool.runtime.track.Tracker;
import java.lang.ref.Cleaner;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Buffers of {@code owned} fields: a pooled {@code new} stored into the field of an object with no close method
 * goes home when that object is collected. A {@link Cleaner} is registered on the owner at the store; its action
 * holds the array, the loan's generation, the field's guard and the site, never the owner (which would then stay
 * reachable for good). The agent keeps every read of the field local and keeps the owner reachable to the end
 * of the value's use ({@code Reference.reachabilityFence}), so once the owner is phantom reachable nobody uses
 * the buffer any more.
 *
 * <p>A store over a bound buffer gives the old one up to the GC (it may still be in a reader's local; once it is
 * unreachable it is simply collected, and not reported as a leak). At the owner's death the buffer goes home only
 * if the field's guard still holds: a class loaded later that keeps the value clears it.
 */
final class OwnedLoans {
    /** Bound buffers by identity, to give the old one up when the field is overwritten. */
    private static final Map<Object, Loan> BOUND = new IdentityHashMap<>();

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
            synchronized (BOUND) {
                old = BOUND.remove(previous);
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
        synchronized (BOUND) {
            if (BOUND.putIfAbsent(array, loan) != null) return; // bound already: it has an owner
        }
        loan.cleanable = Lazy.CLEANER.register(owner, loan);
    }

    /** Bound buffers not yet home, for tests and the summary. */
    static int bound() {
        synchronized (BOUND) {
            return BOUND.size();
        }
    }

    /** One owner's buffer: the Cleaner's action. Holds no reference to the owner. */
    private static final class Loan implements Runnable {
        private final ArrayPool pool;
        private final int generation;
        private final int guard;
        private final int site;
        private Object array; // guarded by BOUND; null once home or given up
        volatile Cleaner.Cleanable cleanable;

        Loan(ArrayPool pool, Object array, int generation, int guard, int site) {
            this.pool = pool;
            this.array = array;
            this.generation = generation;
            this.guard = guard;
            this.site = site;
        }

        /** The owner was collected: the buffer goes home if the verdict still holds, else to the GC. */
        @Override
        public void run() {
            Object a = take();
            if (a == null) return;
            if (VerdictGuards.holds(guard)) {
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
            if (c != null) c.clean(); // runs run(), which finds nothing to do, and unregisters the owner
        }

        private Object take() {
            synchronized (BOUND) {
                Object a = array;
                array = null;
                if (a != null && BOUND.get(a) == this) BOUND.remove(a);
                return a;
            }
        }
    }
}
