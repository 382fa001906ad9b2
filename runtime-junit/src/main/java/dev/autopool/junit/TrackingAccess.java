package dev.autopool.junit;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * The runtime's {@code Tracking.checkpoint()} and {@code Checkpoint.failures()}, reached through method handles on
 * one given copy of the runtime. The extension names no runtime class in its own code: a reference would be
 * resolved through the test's class loader, and if that loaded the runtime from the class path before the agent
 * put its own copy on the bootstrap path, the checkpoint would read a ledger no rewritten call ever writes to.
 */
final class TrackingAccess {
    static final String TRACKING = "dev.autopool.runtime.track.Tracking";

    private final MethodHandle checkpoint;
    private final MethodHandle failures;

    private TrackingAccess(MethodHandle checkpoint, MethodHandle failures) {
        this.checkpoint = checkpoint;
        this.failures = failures;
    }

    /** The handles on {@code tracking}, a {@code dev.autopool.runtime.track.Tracking} class of some loader. */
    static TrackingAccess of(Class<?> tracking) throws ReflectiveOperationException {
        Class<?> checkpointType = Class.forName(TRACKING + "$Checkpoint", false, tracking.getClassLoader());
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle checkpoint = lookup.findStatic(tracking, "checkpoint", MethodType.methodType(checkpointType))
                .asType(MethodType.methodType(Object.class));
        MethodHandle failures = lookup.findVirtual(checkpointType, "failures", MethodType.methodType(List.class))
                .asType(MethodType.methodType(List.class, Object.class));
        return new TrackingAccess(checkpoint, failures);
    }

    /** A new {@code Tracking.Checkpoint}, as an opaque object for {@link #failures}. */
    Object checkpoint() {
        try {
            return checkpoint.invokeExact();
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    /** {@code checkpoint.failures()}: one line per problem since the checkpoint, empty when the test was clean. */
    @SuppressWarnings("unchecked")
    List<String> failures(Object checkpoint) {
        try {
            return (List<String>) failures.invokeExact(checkpoint);
        } catch (Throwable t) {
            throw rethrown(t);
        }
    }

    private static RuntimeException rethrown(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
