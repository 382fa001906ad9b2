package dev.autopool.runtime.pool;

import dev.autopool.runtime.internal.ElementType;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoublePredicate;
import java.util.stream.Stream;

/** Test helpers over arrays of any family: borrow through a pool, fill, inspect. */
final class Grids {
    private Grids() {}

    /** Every pooled family with a small shape of its rank. */
    static Stream<Family> families() {
        List<Family> all = new ArrayList<>();
        for (ElementType k : ElementType.values()) {
            for (int rank = 1; rank <= Family.MAX_RANK; rank++) {
                all.add(Family.of(k, rank));
            }
        }
        return all.stream();
    }

    static int[] shapeOf(Family f) {
        return Arrays.copyOf(new int[] {3, 4, 5, 2}, f.rank());
    }

    private static final List<Object[]> LENT = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** What a rewritten call site does: borrow, and on a miss allocate with new. */
    static Object borrow(ArrayPool pool, Family f, int[] dims, int site) {
        int[] d = Arrays.copyOf(dims, 4);
        Object a = pool.borrow(f, d[0], d[1], d[2], d[3], site);
        a = a != null ? a : pool.fresh(f.newArray(dims), f, d[0], d[1], d[2], d[3], site);
        if (LENT.size() < 10_000) {
            LENT.add(new Object[] {pool, a});
        }
        return a;
    }

    /**
     * Releases whatever a test left lent: the tracker is JVM-wide, and a test array collected while still lent
     * would be reported as a leak during some later test.
     */
    static final class ReturnBorrowed implements org.junit.jupiter.api.extension.AfterEachCallback {
        @Override
        public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) {
            for (Object[] lent : LENT) {
                if (dev.autopool.runtime.track.Tracker.isBorrowed(lent[1])) {
                    ((ArrayPool) lent[0]).release(lent[1], -1);
                }
            }
            LENT.clear();
        }
    }

    /** Forgets the arrays lent so far without releasing them (a test that released them and wants them collected). */
    static void forgetLent() {
        LENT.clear();
    }

    static ArrayPool pool() {
        return new ArrayPool(PoolSettings.defaults(1L << 30));
    }

    static ArrayPool pool(long budget, long shapeCap) {
        PoolSettings d = PoolSettings.defaults(1L << 30);
        return new ArrayPool(new PoolSettings(budget, shapeCap, d.magazineSize(), d.magazineMaxBytes(), d.magazineEarn(),
                d.trimIdleNanos(), d.outstandingWarn(), List.of()));
    }

    /** A pool where platform threads earn private magazines on their {@code earn}-th borrow. */
    static ArrayPool poolEarningAfter(int earn, long trimIdleNanos) {
        PoolSettings d = PoolSettings.defaults(1L << 30);
        return new ArrayPool(new PoolSettings(d.budget(), d.shapeCap(), d.magazineSize(), d.magazineMaxBytes(), earn,
                trimIdleNanos, d.outstandingWarn(), List.of()));
    }

    /** The dimensions of a rectangular array, outermost first, checking every row. */
    static int[] dims(Object a) {
        List<Integer> out = new ArrayList<>();
        Object x = a;
        while (x != null && x.getClass().isArray()) {
            out.add(Array.getLength(x));
            x = x.getClass().getComponentType().isArray() && Array.getLength(x) > 0 ? Array.get(x, 0) : null;
        }
        int[] d = out.stream().mapToInt(Integer::intValue).toArray();
        checkRows(a, d, 0);
        return d;
    }

    private static void checkRows(Object a, int[] d, int level) {
        if (Array.getLength(a) != d[level]) {
            throw new AssertionError("ragged array at level " + level);
        }
        if (level + 1 < d.length) {
            for (int i = 0; i < d[level]; i++) {
                checkRows(Array.get(a, i), d, level + 1);
            }
        }
    }

    static void fill(Object a, byte value) {
        if (a.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(a); i++) {
                Array.setByte(a, i, value);
            }
        } else {
            for (int i = 0; i < Array.getLength(a); i++) {
                fill(Array.get(a, i), value);
            }
        }
    }

    static boolean all(Object a, DoublePredicate p) {
        if (a.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(a); i++) {
                if (!p.test(Array.getDouble(a, i))) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < Array.getLength(a); i++) {
            if (!all(Array.get(a, i), p)) {
                return false;
            }
        }
        return true;
    }
}
