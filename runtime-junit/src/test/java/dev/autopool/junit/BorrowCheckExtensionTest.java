package dev.autopool.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.autopool.runtime.Sites;
import dev.autopool.runtime.track.Tracker;
import dev.autopool.runtime.track.Tracking;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class BorrowCheckExtensionTest {

    @Test
    void aTestThatReturnsEveryBufferOncePasses() {
        run("returnsEverything").assertThatEvents().haveExactly(1, event(test(), finishedSuccessfully()));
    }

    @Test
    void aTestThatLeavesABufferOutstandingFailsNamingItsSite() {
        run("keepsOne").assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(
                instanceOf(AssertionError.class),
                message("keepsOne() misused pooled buffers:\n  autopool OUTSTANDING float[2][8] (64 bytes) borrowed"
                        + " at com.acme.Kept.work(Kept.java:11) and never released"))));
    }

    @Test
    void aTestThatReturnsABufferTwiceFails() {
        run("returnsTwice").assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(
                instanceOf(AssertionError.class),
                message(m -> m.startsWith("returnsTwice() misused pooled buffers:\n  autopool DOUBLE-RETURN int[3]"
                        + " (12 bytes) released twice: first at com.acme.Twice.done(Twice.java:21), again at"
                        + " com.acme.Twice.done(Twice.java:21)")))));
    }

    @Test
    void buffersOutstandingBeforeTheTestDoNotCount() {
        float[] earlier = new float[1];
        Tracker.borrowed(earlier, Sites.register("com.acme.Setup", "before", "Setup.java", 1, "test"), 4);
        try {
            run("returnsEverything").assertThatEvents().haveExactly(1, event(test(), finishedSuccessfully()));
        } finally {
            Tracker.releasing(earlier, -1);
        }
    }

    private static Events run(String method) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(Fixtures.class, method))
                .execute()
                .testEvents();
    }

    /**
     * Tests run by the tests above through the JUnit engine (surefire skips nested classes), checked against the
     * runtime on this module's class path: the agent jar is built after this module.
     */
    static class Fixtures {
        @RegisterExtension
        static final BorrowCheckExtension CHECK = new BorrowCheckExtension(() -> {
            try {
                return TrackingAccess.of(Tracking.class);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });

        private static final int KEPT = Sites.register("com.acme.Kept", "work", "Kept.java", 11, "test");
        private static final int TWICE = Sites.register("com.acme.Twice", "done", "Twice.java", 21, "test");

        @Test
        void returnsEverything() {
            double[] m = new double[4];
            Tracker.borrowed(m, KEPT, 32);
            Tracker.releasing(m, KEPT);
        }

        @Test
        void keepsOne() {
            Tracker.borrowed(new float[2][8], KEPT, 64);
        }

        @Test
        void returnsTwice() {
            int[] m = new int[3];
            Tracker.borrowed(m, KEPT, 12);
            Tracker.releasing(m, TWICE);
            Tracker.releasing(m, TWICE);
        }
    }
}
