package dev.autopool.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The earned threads' table answers a thread with its own cache only, and forgets a cache on request. */
class EarnedThreadsTest {
    @Test
    void aThreadFindsItsOwnCacheAndNoOtherThreadDoes() throws Exception {
        EarnedThreads table = new EarnedThreads();
        ThreadCache mine = new ThreadCache(0);
        Thread me = Thread.currentThread();
        table.claim(mine, me);
        assertSame(mine, table.find(me));

        AtomicReference<ThreadCache> seen = new AtomicReference<>(mine);
        Thread other = new Thread(() -> seen.set(table.find(Thread.currentThread())));
        other.start();
        other.join(10_000);
        assertNull(seen.get(), "another thread never gets this cache, whatever slot it hashes to");

        table.forget(mine);
        assertNull(table.find(me));
    }

    @Test
    void aSlotHeldByALiveThreadIsNotTakenOver() throws Exception {
        EarnedThreads table = new EarnedThreads();
        ThreadCache mine = new ThreadCache(0);
        table.claim(mine, Thread.currentThread());
        ThreadCache intruder = new ThreadCache(0); // owned by this thread too, claimed second
        table.claim(intruder, Thread.currentThread());
        assertSame(mine, table.find(Thread.currentThread()), "the first live claimant keeps its slot");
    }
}
