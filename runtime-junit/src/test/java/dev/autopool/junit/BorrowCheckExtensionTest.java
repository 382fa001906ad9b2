package dev.autopool.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import dev.autopool.runtime.Sites;
import dev.autopool.runtime.onnx.OnnxTensors;
import dev.autopool.runtime.track.Tracker;
import dev.autopool.runtime.track.Tracking;
import java.lang.ref.WeakReference;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
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
    void aTestThatLeavesAPooledTensorOpenFailsNamingItsSite() {
        run("keepsATensorOpen").assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(
                instanceOf(AssertionError.class),
                message("keepsATensorOpen() misused pooled buffers:\n  autopool OUTSTANDING an OnnxTensor of"
                        + " float[16][16] (1024 bytes) created at com.acme.Infer.run(Infer.java:42) and never"
                        + " closed"))));
    }

    @Test
    void aTestThatLeaksAPooledTensorFailsNamingItsSite() {
        run("dropsATensor").assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(
                instanceOf(AssertionError.class),
                message(m -> m.startsWith("dropsATensor() misused pooled buffers:\n  autopool LEAK an OnnxTensor of"
                        + " float[16][16] (1024 bytes) created at com.acme.Infer.run(Infer.java:42) was"
                        + " garbage-collected without close()")))));
    }

    @Test
    void aTestThatClosesItsTensorsPasses() {
        run("closesItsTensor").assertThatEvents().haveExactly(1, event(test(), finishedSuccessfully()));
    }

    @Test
    void underParallelExecutionATestThatIsNotIsolatedFailsAtOnceSayingWhy() {
        runParallel(Fixtures.class, "returnsEverything").assertThatEvents().haveExactly(1, event(test(),
                finishedWithFailure(instanceOf(AssertionError.class), message(m -> m.startsWith(
                        "returnsEverything() cannot be checked by @CheckBorrows: JUnit runs tests in parallel here"
                                + " (junit.jupiter.execution.parallel.enabled=true)")
                        && m.contains("Mark the test class @Isolated")))));
    }

    @Test
    void underParallelExecutionAnIsolatedTestIsChecked() {
        runParallel(IsolatedFixtures.class, "returnsEverything").assertThatEvents()
                .haveExactly(1, event(test(), finishedSuccessfully()));
        runParallel(IsolatedFixtures.class, "keepsOne").assertThatEvents().haveExactly(1, event(test(),
                finishedWithFailure(message(m -> m.startsWith("keepsOne() misused pooled buffers:")))));
    }

    @Test
    void checkBorrowsIsolatesItsTestsUnderParallelExecution() {
        assertTrue(ParallelRuns.holdsTheGlobalLock(Annotated.class));
    }

    @CheckBorrows
    private static final class Annotated {}

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

    private static Events runParallel(Class<?> fixtures, String method) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .selectors(selectMethod(fixtures, method))
                .execute()
                .testEvents();
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
        private static final int INFER = Sites.register("com.acme.Infer", "run", "Infer.java", 42, "onnx (built-in)");
        static Object keptTensor;

        /** A tensor over a pooled buffer, as a rewritten {@code OnnxTensor.createTensor} call makes one. */
        private static Object tensor() throws Throwable {
            return OnnxTensors.createTensor(new OrtEnvironment(), FloatBuffer.wrap(new float[256]),
                    new long[] {16, 16}, OnnxTensor.class, INFER);
        }

        @Test
        void keepsATensorOpen() throws Throwable {
            keptTensor = tensor();
        }

        @Test
        void dropsATensor() throws Throwable {
            WeakReference<Object> dropped = new WeakReference<>(tensor());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (dropped.get() != null && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(10);
            }
        }

        @Test
        void closesItsTensor() throws Throwable {
            OnnxTensors.closed(tensor(), true);
        }

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

    /** The same checks under parallel execution, isolated as JUnit's {@code @Isolated} says. */
    @Isolated
    static class IsolatedFixtures {
        @RegisterExtension
        static final BorrowCheckExtension CHECK = Fixtures.CHECK;

        @Test
        void returnsEverything() {
            new Fixtures().returnsEverything();
        }

        @Test
        void keepsOne() {
            new Fixtures().keepsOne();
        }
    }
}
