package dev.autopool.junit;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves pooled buffers outstanding, returns one twice, writes to one after its return or
 * returns an array the pool never lent, or leaves a pooled ONNX tensor open or leaks one, naming each buffer's
 * shape and call site. Deterministic: it asks the
 * tracker's exact ledger, it never waits for the GC. Use {@link CheckBorrows @CheckBorrows} or
 * {@code @ExtendWith(BorrowCheckExtension.class)}.
 *
 * <p>It needs the autopool agent in the test JVM. Started without {@code -javaagent}, it attaches the agent jar
 * at run time (found through {@code -Dautopool.agent.jar=PATH} or as {@code dev.autopool:autopool-agent} on the
 * test class path; agent arguments from {@code -Dautopool.agent.args=config=FILE,...}); where that is not
 * possible, every checked test fails, naming the {@code -javaagent} line to add. It never passes unchecked.
 *
 * <p>It looks at what happened between the test's start and end in the whole JVM, so a checked test must run
 * alone: under JUnit's parallel execution {@link CheckBorrows @CheckBorrows} isolates it, and a test that
 * registers this extension otherwise without {@code @Isolated} fails at once (see {@link ParallelRuns}).
 */
public final class BorrowCheckExtension implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(BorrowCheckExtension.class);

    private final Supplier<TrackingAccess> runtime;

    public BorrowCheckExtension() {
        this(AgentAttachment::runtime);
    }

    /** Checks against the runtime {@code runtime} supplies (the module's own tests: the class-path copy). */
    BorrowCheckExtension(Supplier<TrackingAccess> runtime) {
        this.runtime = runtime;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        String refusal = ParallelRuns.refusal(context);
        if (refusal != null) {
            throw new AssertionError(refusal);
        }
        TrackingAccess tracking = runtime.get();
        context.getStore(NAMESPACE).put(context.getUniqueId(), new Started(tracking, tracking.checkpoint()));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Started started = context.getStore(NAMESPACE).remove(context.getUniqueId(), Started.class);
        if (started == null) {
            return;
        }
        List<String> failures = started.tracking.failures(started.checkpoint);
        if (!failures.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " misused pooled buffers:\n  "
                    + String.join("\n  ", failures));
        }
    }

    private record Started(TrackingAccess tracking, Object checkpoint) {}
}
