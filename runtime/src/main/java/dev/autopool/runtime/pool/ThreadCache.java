package dev.autopool.runtime.pool;

import dev.autopool.runtime.track.SiteTally;
import java.lang.ref.WeakReference;

/**
 * One platform thread's pool state. Until the thread has borrowed {@code magazine.earn} times it keeps nothing
 * but that count, and its borrows and releases go through the shared stripes; once it has earned private
 * magazines, they are found by exact shape in a small open-addressing table, so a hit allocates nothing and takes
 * no lock. Only the owner thread reads or writes it, except after the owner has died (see {@link ArrayPool#reclaimDead}),
 * which the pool learns through a weak reference: nothing shared holds a thread strongly.
 */
final class ThreadCache {
    private static final Magazine[] NONE = new Magazine[1];

    final WeakReference<Thread> owner = new WeakReference<>(Thread.currentThread());
    /** Borrows so far, counted until the thread earns private magazines. */
    int borrows;
    /** The counters of this thread's private magazines per site; null until earned. */
    SiteTally tally;
    private Magazine[] table = NONE;
    private int count;
    /** The magazine used last: most code borrows and releases one shape at a time, so it is checked first. */
    Magazine last;
    /** The pool's trim generation this thread last caught up with. */
    int seenGeneration;
    /** This cache's slot in {@link EarnedThreads}, or -1. */
    int slot = -1;

    ThreadCache(int generation) {
        this.seenGeneration = generation;
    }

    boolean earned() {
        return tally != null;
    }

    void earn(int generation) {
        tally = new SiteTally();
        table = new Magazine[16];
        seenGeneration = generation;
    }

    /** Whether the owner has died (or been collected): its magazines may then be taken over. */
    boolean ownerDead() {
        Thread t = owner.get();
        return t == null || !t.isAlive();
    }

    Magazine find(Family f, int d0, int d1, int d2, int d3) {
        Magazine m = last;
        if (m != null && m.pool.is(f, d0, d1, d2, d3)) {
            return m;
        }
        m = lookup(f, d0, d1, d2, d3);
        if (m != null) {
            last = m;
        }
        return m;
    }

    private Magazine lookup(Family f, int d0, int d1, int d2, int d3) {
        Magazine[] t = table;
        int mask = t.length - 1;
        for (int i = hash(f.id, d0, d1, d2, d3) & mask; ; i = (i + 1) & mask) {
            Magazine m = t[i];
            if (m == null || m.pool.is(f, d0, d1, d2, d3)) {
                return m;
            }
        }
    }

    void add(Magazine m) {
        if (2 * (count + 1) > table.length) {
            Magazine[] old = table;
            table = new Magazine[Math.max(16, old.length * 2)];
            for (Magazine o : old) {
                if (o != null) {
                    insert(o);
                }
            }
        }
        insert(m);
        count++;
    }

    private void insert(Magazine m) {
        ShapePool p = m.pool;
        int mask = table.length - 1;
        int i = hash(p.family.id, p.d0, p.d1, p.d2, p.d3) & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = m;
    }

    /** Forgets the magazines of shapes the pool has retired. */
    void dropRetired() {
        Magazine[] old = table;
        table = new Magazine[old.length];
        count = 0;
        for (Magazine m : old) {
            if (m != null && !m.pool.retired) {
                insert(m);
                count++;
            }
        }
        if (last != null && last.pool.retired) {
            last = null;
        }
    }

    Magazine[] magazines() {
        Magazine[] out = new Magazine[count];
        int n = 0;
        for (Magazine m : table) {
            if (m != null) {
                out[n++] = m;
            }
        }
        return out;
    }

    private static int hash(int family, int d0, int d1, int d2, int d3) {
        int h = ((((family * 31 + d0) * 31 + d1) * 31 + d2) * 31 + d3) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
