package dev.autopool.runtime;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The validity of the agent's release verdicts. An automatic release inserted by the agent is a claim about code
 * (the method and the callees it was proven against); each such claim gets a guard here, and the agent clears it
 * when any of that code may have changed (a callee redefined or retransformed by someone else). The inserted
 * release reads its guard at the moment of release, so frames already running when the guard is cleared release
 * nothing after it.
 *
 * <p>Guards only ever go from valid to invalid. Guard 0 is always valid (verdicts that depend on no other code).
 * Storage is chunked and chunks are never copied, so a clearing can never be lost to a concurrent growth.
 */
final class VerdictGuards {
    /** Always valid: for verdicts that depend on no code but their own method's. */
    static final int ALWAYS = 0;
    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;
    /** At most this many guards (16M); past it, new guards are born invalid (so nothing is released). */
    private static final int MAX_CHUNKS = 4096;
    private static final int NEVER = -1;

    private static volatile AtomicIntegerArray[] chunks = {validChunk()};
    private static int next = 1; // guarded by VerdictGuards.class

    private VerdictGuards() {}

    /** Whether the guard still holds: a volatile read, never cached by the caller. Unknown guards do not hold. */
    static boolean holds(int guard) {
        AtomicIntegerArray[] c = chunks;
        int chunk = guard >>> CHUNK_BITS;
        return guard >= 0 && chunk < c.length && c[chunk].get(guard & (CHUNK - 1)) != 0;
    }

    /** A fresh valid guard, or {@link #NEVER} when the table is full. */
    static synchronized int create() {
        int guard = next;
        int chunk = guard >>> CHUNK_BITS;
        AtomicIntegerArray[] c = chunks;
        if (chunk >= c.length) {
            if (chunk >= MAX_CHUNKS) {
                return NEVER;
            }
            AtomicIntegerArray[] grown = java.util.Arrays.copyOf(c, chunk + 1);
            grown[chunk] = validChunk();
            chunks = grown; // chunks themselves are shared: clearing a guard in one is seen through any array
        }
        next = guard + 1;
        return guard;
    }

    /** Clears a guard for good; guard 0 and unknown guards are left alone. */
    static void clear(int guard) {
        AtomicIntegerArray[] c = chunks;
        int chunk = guard >>> CHUNK_BITS;
        if (guard > ALWAYS && chunk < c.length) {
            c[chunk].set(guard & (CHUNK - 1), 0);
        }
    }

    private static AtomicIntegerArray validChunk() {
        AtomicIntegerArray a = new AtomicIntegerArray(CHUNK);
        for (int i = 0; i < CHUNK; i++) {
            a.lazySet(i, 1);
        }
        return a;
    }
}
