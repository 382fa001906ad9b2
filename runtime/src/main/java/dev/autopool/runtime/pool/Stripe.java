package dev.autopool.runtime.pool;

import dev.autopool.runtime.track.SiteTally;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One stripe of a shape's shared cache: a {@link Magazine} that any thread may use while it holds it. A thread
 * takes a stripe with one compare-and-set and never waits for one: when the CAS fails it moves on to the next
 * stripe, then to the depot. Nothing inside a stripe blocks (no lock, no logging, no tracker call), so a virtual
 * thread is never unmounted while it holds one. The stripe's {@link #tally} counts borrows per site, written
 * plainly by the holder.
 *
 * <p>This is how threads that keep nothing of their own (virtual threads, short-lived platform threads) share
 * free arrays: a release is available to the next borrower at once, and a dead thread strands nothing.
 */
final class Stripe extends Magazine {
    private static final VarHandle HELD;

    static {
        try {
            HELD = MethodHandles.lookup().findVarHandle(Stripe.class, "held", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Padding: stripes are allocated back to back, and a CAS on one must not bounce its neighbour's line.
    long p0, p1, p2, p3, p4, p5, p6;
    private volatile int held;
    final SiteTally tally = new SiteTally();
    long q0, q1, q2, q3, q4, q5, q6;

    Stripe(ShapePool pool, int capacity) {
        super(pool, capacity);
    }

    /** One CAS; false when another thread holds the stripe (then try elsewhere, never wait). */
    boolean tryHold() {
        return held == 0 && HELD.compareAndSet(this, 0, 1);
    }

    void letGo() {
        HELD.setRelease(this, 0);
    }

    /** For the housekeeper only: waits (spinning) until it holds the stripe. */
    void hold() {
        while (!tryHold()) {
            Thread.onSpinWait();
        }
    }
}
