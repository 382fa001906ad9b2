package dev.autopool.junit;

import dev.autopool.runtime.track.Tracking;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves pooled buffers outstanding, returns one twice, writes to one after its return or
 * returns an array the pool never lent, naming each buffer's shape and call site. Deterministic: it asks the
 * tracker's exact ledger, it never waits for the GC. Use {@link CheckBorrows @CheckBorrows} or
 * {@code @ExtendWith(BorrowCheckExtension.class)}.
 *
 * <p>It looks at what happened between the test's start and end in the whole JVM, so run such tests one at a
 * time (JUnit's default), not in parallel with other borrowing tests.
 */
public final class BorrowCheckExtension implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(BorrowCheckExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(context.getUniqueId(), Tracking.checkpoint());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Tracking.Checkpoint checkpoint =
                context.getStore(NAMESPACE).remove(context.getUniqueId(), Tracking.Checkpoint.class);
        if (checkpoint == null) {
            return;
        }
        List<String> failures = checkpoint.failures();
        if (!failures.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " misused pooled buffers:\n  "
                    + String.join("\n  ", failures));
        }
    }
}
