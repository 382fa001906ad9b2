package dev.autopool.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autopool.runtime.report.SealForTests;
import dev.autopool.runtime.track.Tracker;
import dev.autopool.runtime.track.Tracking;
import dev.autopool.runtime.track.TrackingSettings;
import java.lang.ref.WeakReference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Buffers of {@code owned} fields once their owner is collected: home while the GC kept them, lost (never a leak,
 * never lent unchecked) when the GC cleared the action's soft references first, as it does before an
 * OutOfMemoryError. Every loan is watched for leaks, so a buffer counted as a leak would show.
 */
class OwnedLoansTest {
    private static final int SITE = Sites.register("test.OwnedLoansTest", "init", "OwnedLoansTest.java", 1, "owned");
    private TrackingSettings before;

    @BeforeEach
    void watchEveryLoan() {
        before = TrackingSettings.current();
        SealForTests.reopen();
        TrackingSettings.apply(Map.of("leak", "full", "quarantine", "0"));
    }

    @AfterEach
    void restoreTheSettings() {
        SealForTests.reopen();
        Map<String, String> previous = new LinkedHashMap<>();
        for (String kv : before.toString().split(" ")) {
            previous.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        TrackingSettings.apply(previous);
        SealForTests.reopen();
    }

    @Test
    void aDeadOwnersMatrixComesHomeWithItsRowsAndIsLentAgain() throws Exception {
        float[][] buffer = Pools.float2d(37, 53, SITE);
        long releases = Pools.stats().releases();
        bindToAnOwnerThatDies(buffer, false, false);

        await(() -> Pools.stats().releases() > releases, "the Cleaner's action to bring the buffer home");

        assertFalse(Tracker.isBorrowed(buffer));
        float[][] again = Pools.float2d(37, 53, SITE);
        assertSame(buffer, again, "its rows record is back on the ledger, so the matrix passes the check");
        Pools.release(again, SITE);
    }

    @Test
    void aBufferTheGcTookBeforeTheActionRanIsLostNotLeakedNorReleased() throws Exception {
        long releases = Pools.stats().releases();
        long leaks = Tracking.site(SITE).leaks();
        WeakReference<Object> buffer = borrowBindAndDrop(41, 59, true, false);

        await(() -> buffer.get() == null && noRecordOf("float[41][59]"),
                "the GC to collect the buffer and the tracker to drop its record");

        assertEquals(releases, Pools.stats().releases());
        assertEquals(leaks, Tracking.site(SITE).leaks());
    }

    @Test
    void aMatrixWhoseRowsRecordTheGcTookNeverGoesHomeUncheckedAndIsNoLeak() throws Exception {
        long leaks = Tracking.site(SITE).leaks();
        WeakReference<Object> buffer = outliveAnOwnerWithoutARowsRecord();

        await(() -> buffer.get() == null && noRecordOf("float[43][61]"),
                "the GC to collect the matrix and the tracker to drop its record");

        assertEquals(leaks, Tracking.site(SITE).leaks());
    }

    /**
     * A buffer the pool would only drop (above {@code shape.max}) is never taken back by the action, so the
     * Cleaner's thread never holds it strongly: in a small heap, one such buffer held while that thread waits for a
     * core is enough to make the app's next allocation fail. It is lost to the GC, neither released nor leaked.
     */
    @Test
    void aBufferThePoolWouldOnlyDropIsLeftToTheGcWithoutARelease() throws Exception {
        SealForTests.reopen();
        Autopool.configure(Map.of("shape.max", "1k", "leak", "full", "quarantine", "0"));
        try {
            long releases = Pools.stats().releases();
            long leaks = Tracking.site(SITE).leaks();
            WeakReference<Object> buffer = borrowBindAndDrop(47, 67, false, false); // 12,596 bytes

            await(() -> buffer.get() == null && noRecordOf("float[47][67]"),
                    "the GC to collect the buffer and the tracker to drop its record");

            assertEquals(releases, Pools.stats().releases(), "the action released a buffer the pool drops");
            assertEquals(leaks, Tracking.site(SITE).leaks());
        } finally {
            SealForTests.reopen();
            Autopool.configure(Map.of());
        }
    }

    /** The owner dies after the GC took the rows record: its matrix is left to the GC, never lent again. */
    private static WeakReference<Object> outliveAnOwnerWithoutARowsRecord() throws InterruptedException {
        float[][] buffer = Pools.float2d(43, 61, SITE);
        long releases = Pools.stats().releases();
        WeakReference<Object> owner = bindToAnOwnerThatDies(buffer, false, true);

        await(() -> owner.get() == null, "the GC to collect the owner");
        for (int i = 0; i < 10; i++) { // the action runs on the Cleaner's thread: give it time to do wrong
            System.gc();
            Thread.sleep(20);
        }

        assertEquals(releases, Pools.stats().releases());
        assertTrue(Tracker.isBorrowed(buffer), "left to the GC, not released");
        float[][] other = Pools.float2d(43, 61, SITE);
        assertNotSame(buffer, other);
        Pools.release(other, SITE);
        return new WeakReference<>(buffer);
    }

    /** Stores {@code buffer} into a fresh owner's field, which dies when this method returns. */
    private static WeakReference<Object> bindToAnOwnerThatDies(Object buffer, boolean clearBuffer, boolean clearRows) {
        Object owner = new Object();
        Pools.ownedStore(owner, buffer, null, Pools.newGuard(), SITE);
        OwnedLoans.clearAsTheGcWould(buffer, clearBuffer, clearRows);
        return new WeakReference<>(owner);
    }

    private static WeakReference<Object> borrowBindAndDrop(int rows, int cols, boolean clearBuffer,
                                                           boolean clearRows) {
        float[][] buffer = Pools.float2d(rows, cols, SITE);
        bindToAnOwnerThatDies(buffer, clearBuffer, clearRows);
        return new WeakReference<>(buffer);
    }

    /** Whether the ledger has dropped the record of this test's loan of that shape (its report, if any, is made). */
    private static boolean noRecordOf(String array) {
        return Tracking.outstanding().stream().noneMatch(o -> o.site() == SITE && o.array().equals(array));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int attempt = 0; attempt < 300; attempt++) {
            System.gc();
            Tracking.drainLeaks();
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        fail("timed out waiting for " + what);
    }
}
