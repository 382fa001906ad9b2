package dev.autopool.runtime.pool;

/**
 * Finds the cache of a platform thread that earned private magazines from the thread's id, in a
 * direct-mapped table: one array load and one reference check instead of a {@code ThreadLocal} lookup (which
 * walks the thread's own map, often past other libraries' entries), on every borrow and every release of the hit
 * path. A thread whose slot another live thread holds is not in the table and keeps using the
 * {@code ThreadLocal}; the answer is the same, only slower.
 *
 * <p>Slots are written plainly: a reader checks the cache's owner (a final weak reference, so a cache seen at
 * all is seen with its owner) against the current thread, and only the owner itself goes on to use the cache, so a
 * racing write can only make it fall back to the {@code ThreadLocal}. A slot holds the cache, never the thread.
 */
final class EarnedThreads {
    private static final int SLOTS = 1024;

    private final ThreadCache[] slots = new ThreadCache[SLOTS];

    /** The cache of {@code t} if it holds a slot, else null. */
    ThreadCache find(Thread t) {
        ThreadCache c = slots[index(t)];
        return c != null && c.owner.refersTo(t) ? c : null;
    }

    /** Gives {@code tc} (whose owner is {@code t}, the calling thread) its slot unless a live thread holds it. */
    void claim(ThreadCache tc, Thread t) {
        int i = index(t);
        ThreadCache c = slots[i];
        if (c == null || c.ownerDead()) {
            slots[i] = tc;
            tc.slot = i;
        }
    }

    /** Frees the slot of a dead thread's cache (the housekeeper, once it has taken the magazines over). */
    void forget(ThreadCache tc) {
        int i = tc.slot;
        if (i >= 0 && slots[i] == tc) {
            slots[i] = null;
        }
    }

    /**
     * The slot of {@code t}, from its id (a final field: one load). Not its identity hash: while another thread
     * waits in {@code t.join()} the monitor of {@code t}'s object is inflated, and the identity hash of an object
     * with an inflated monitor is a call into the VM (about 30 ns here), on every borrow and release of the
     * thread being joined.
     */
    @SuppressWarnings("deprecation") // getId: threadId() is JDK 19+; both read the same final field
    private static int index(Thread t) {
        long id = t.getId();
        int h = (int) ((id * 0x9E3779B97F4A7C15L) >>> 32);
        return h & (SLOTS - 1);
    }
}
