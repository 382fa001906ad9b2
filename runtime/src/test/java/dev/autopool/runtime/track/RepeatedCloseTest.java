package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.name;
import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.Pools;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A lifecycle release releases only the loan a field store bound to that very object. */
class RepeatedCloseTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    /** What a lifecycle class looks like once rewritten: the store binds, the lifecycle method releases. */
    static final class Img {
        float[] px;

        void open(int borrow) {
            px = Pools.float1d(47, borrow);
            Pools.stored(this, px);
        }

        Img copy() {
            Img c = new Img();
            c.px = px;
            Pools.stored(c, c.px);
            return c;
        }

        void close(int site) {
            float[] held = px;
            int loan = Pools.closing(this, held, site);
            Pools.releaseFrom(this, held, loan, site);
        }

        /** {@code px = new float[n]} outside a constructor, as rewritten: the array stored over is dropped. */
        void resize(int borrow, int n) {
            float[] next = Pools.float1d(n, borrow);
            Pools.storedOver(this, next, px);
            px = next;
        }

        /** A close that clears its field before it returns. */
        void clear(int site) {
            float[] held = px;
            int loan = Pools.closing(this, held, site);
            px = null;
            Pools.releaseFrom(this, held, loan, site);
        }

        /** {@code dispose() { close(); }} with both named by lifecycle rules. */
        void dispose(int site, int closeSite) {
            float[] held = px;
            int loan = Pools.closing(this, held, site);
            close(closeSite);
            Pools.releaseFrom(this, held, loan, site);
        }
    }

    /** A lifecycle class whose close runs from {@code finalize()}, as rewritten. */
    static final class Finalized {
        static final java.util.concurrent.CountDownLatch FINALIZED = new java.util.concurrent.CountDownLatch(1);
        static volatile float[] seen;
        static int closeSite;
        float[] px;

        void close() {
            float[] held = px;
            int loan = Pools.closing(this, held, closeSite);
            seen = held;
            Pools.releaseFrom(this, held, loan, closeSite);
        }

        @Override
        @SuppressWarnings({"deprecation", "removal"})
        protected void finalize() {
            close();
            FINALIZED.countDown();
        }
    }

    @Test
    void aSecondCloseAfterTheBufferWasLentAgainReleasesNothing() {
        int borrow = site("open", 10);
        int close = site("close", 11);
        Img img = new Img();
        img.open(borrow);
        img.close(close);
        float[] other = Pools.float1d(47, borrow);
        assertSame(img.px, other, "the closed image's buffer is lent again");

        img.close(close);
        float[] next = Pools.float1d(47, borrow);

        assertNotSame(other, next);
        assertTrue(Tracker.isBorrowed(other));
        assertEquals(List.of(), fixture.lines("autopool REPEATED-CLOSE"), "Closeable allows a second close: no report");
        assertEquals(0, Tracking.site(close).doubleReturns());
        Pools.release(other, close);
        Pools.release(next, close);
    }

    @Test
    void aBufferTheClassStoresAnotherOverIsLeftToTheGcNotReportedAsALeak() throws Exception {
        fixture.settings("leak=full");
        int borrow = site("open", 40);
        int resize = site("resize", 41);
        int close = site("close", 42);
        Img img = new Img();
        img.open(borrow);
        img.resize(resize, 53);
        img.close(close);

        TrackingFixture.awaitCollected(borrow);

        assertEquals(0, Tracking.site(borrow).leaks(), "the app dropped it by storing another array over it");
        assertEquals(List.of(), fixture.lines("autopool LEAK"));
        assertFalse(Tracker.isBorrowed(img.px), "the array stored last went home with the close");
    }

    @Test
    void aSecondCloseAfterTheBufferWentToAnotherObjectReleasesNothingAndIsStillOnlyASecondClose() {
        int borrow = site("open", 80);
        int close = site("close", 81);
        Img img = new Img();
        img.open(borrow);
        img.close(close);
        Img other = new Img();
        other.open(borrow);
        assertSame(img.px, other.px, "the closed image's buffer went to another object");

        img.close(close);

        assertTrue(Tracker.isBorrowed(other.px), "the other object keeps its buffer");
        assertEquals(List.of(), fixture.lines("autopool REPEATED-CLOSE"), "Closeable allows a second close");
        Img copy = other.copy();
        copy.close(close);
        assertEquals(1, fixture.lines("autopool REPEATED-CLOSE").size(), "a copy's close is still reported");
        other.close(close);
        assertFalse(Tracker.isBorrowed(other.px));
    }

    @Test
    void aCopysCloseReleasesNothingAndTheOriginalsCloseReleasesTheLoan() {
        int borrow = site("open", 20);
        int close = site("close", 21);
        Img img = new Img();
        img.open(borrow);
        Img copy = img.copy();

        copy.close(close);
        assertTrue(Tracker.isBorrowed(img.px), "the copy owns nothing");
        img.close(close);
        assertFalse(Tracker.isBorrowed(img.px));

        assertEquals(1, fixture.lines("autopool REPEATED-CLOSE").size());
        assertTrue(fixture.lines("autopool REPEATED-CLOSE").get(0).startsWith("autopool REPEATED-CLOSE float[47]"
                + " (188 bytes) offered back at " + name(close) + ": the buffer's current loan belongs to another"
                + " object"), fixture.lines("autopool REPEATED-CLOSE")::toString);
    }

    @Test
    void aFieldNoStoreBoundIsLeftAlone() {
        int borrow = site("open", 30);
        int close = site("close", 31);
        Img img = new Img();
        img.px = Pools.float1d(47, borrow); // stored by code the agent did not rewrite: no owner known

        img.close(close);

        assertTrue(Tracker.isBorrowed(img.px), "an unbound loan is not this object's to release");
        assertTrue(fixture.lines("autopool REPEATED-CLOSE").isEmpty());
        Pools.release(img.px, close);
    }

    @Test
    void aCloseThatClearsItsFieldReleasesWhatTheFieldHeld() {
        int borrow = site("open", 50);
        int close = site("clear", 51);
        Img img = new Img();
        img.open(borrow);
        float[] px = img.px;

        img.clear(close);

        assertFalse(Tracker.isBorrowed(px), "the cleared field's loan went home");
        assertSame(px, Pools.float1d(47, borrow), "and is lent again");
        assertTrue(fixture.lines("autopool REPEATED-CLOSE").isEmpty());
        assertTrue(fixture.lines("autopool LEAK").isEmpty());
    }

    @Test
    void aLifecycleMethodThatRunsAnotherReleasesOnceAndReportsNothing() {
        int borrow = site("open", 60);
        int dispose = site("dispose", 61);
        int close = site("close", 62);
        Img img = new Img();
        img.open(borrow);
        float[] px = img.px;

        img.dispose(dispose, close);

        assertFalse(Tracker.isBorrowed(px));
        assertTrue(fixture.lines("autopool REPEATED-CLOSE").isEmpty(), () -> fixture.lines("autopool").toString());
        assertTrue(fixture.lines("autopool DOUBLE-RETURN").isEmpty());

        img.dispose(dispose, close); // a second dispose releases nothing, and Closeable allows it: no report
        assertEquals(List.of(), fixture.lines("autopool REPEATED-CLOSE"));
        assertFalse(Tracker.isBorrowed(px));
    }

    @Test
    void aCloseRunByFinalizeReleasesItsObjectsLoan() throws Exception {
        int borrow = site("open", 70);
        Finalized.closeSite = site("close", 71);
        makeFinalizable(borrow);
        for (int i = 0; i < 50 && Finalized.FINALIZED.getCount() > 0; i++) {
            System.gc();
            Finalized.FINALIZED.await(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        assertEquals(0, Finalized.FINALIZED.getCount(), "finalize() ran");

        assertFalse(Tracker.isBorrowed(Finalized.seen), "the finalizer's close released the loan");
        assertTrue(fixture.lines("autopool REPEATED-CLOSE").isEmpty(), () -> fixture.lines("autopool").toString());
    }

    private static void makeFinalizable(int borrow) {
        Finalized f = new Finalized();
        f.px = Pools.float1d(47, borrow);
        Pools.stored(f, f.px);
    }

    @Test
    void aCloseAfterTheAppReleasedTheBufferItselfIsSilent() {
        int borrow = site("open", 40);
        int close = site("close", 41);
        Img img = new Img();
        img.open(borrow);
        Pools.release(img.px, close);

        img.close(close);

        assertTrue(fixture.lines("autopool REPEATED-CLOSE").isEmpty());
        assertTrue(fixture.lines("autopool DOUBLE-RETURN").isEmpty());
    }
}
