package dev.autopool.junit;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Whether a checked test may run next to other tests. The ledger is the whole JVM's, and a borrow can move
 * between threads (an executor, a virtual thread), so no per-thread view tells one test's borrows from another's:
 * under JUnit's parallel execution a check is sound only while no other test runs at all, which is what JUnit's
 * global lock in read-write mode ({@link Isolated @Isolated}) gives. {@link CheckBorrows @CheckBorrows} takes it
 * itself; a test that registers the extension some other way must say {@code @Isolated}, or it fails at once
 * rather than blame it for, or clear it of, its neighbours' borrows.
 */
final class ParallelRuns {
    static final String PARALLEL = "junit.jupiter.execution.parallel.enabled";

    private ParallelRuns() {}

    /** Why {@code context}'s test cannot be checked, or null when it can. */
    static String refusal(ExtensionContext context) {
        if (!context.getConfigurationParameter(PARALLEL).map(Boolean::parseBoolean).orElse(false)
                || isolated(context)) {
            return null;
        }
        return context.getDisplayName() + " cannot be checked by @CheckBorrows: JUnit runs tests in parallel here ("
                + PARALLEL + "=true), and the check reads the whole JVM's borrows, so other tests' buffers would "
                + "count against this one and its own could pass unseen. Mark the test class @Isolated "
                + "(org.junit.jupiter.api.parallel.Isolated), or use @CheckBorrows, which isolates its tests "
                + "itself, instead of registering BorrowCheckExtension directly. @Execution(SAME_THREAD) is not "
                + "enough: other classes still run next to it.";
    }

    /** Whether the test, its class or an enclosing class holds JUnit's global lock for writing. */
    private static boolean isolated(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            if (element.isPresent() && holdsTheGlobalLock(element.get())) return true;
        }
        return false;
    }

    static boolean holdsTheGlobalLock(AnnotatedElement element) {
        if (AnnotationSupport.isAnnotated(element, Isolated.class)) return true;
        for (ResourceLock lock : AnnotationSupport.findRepeatableAnnotations(element, ResourceLock.class)) {
            if (lock.value().equals(Resources.GLOBAL) && lock.mode() == ResourceAccessMode.READ_WRITE) return true;
        }
        return false;
    }
}
