package dev.autopool.agent.rewrite;

import org.objectweb.asm.tree.MethodNode;

/**
 * One kind of rewrite (factory calls, release calls, lifecycle exits, {@code new} arrays, ...), applied to each
 * method of a class the plan selected. Rewrites run in the order {@link Rewrites} lists them, each seeing the
 * previous ones' output. A rewrite must leave the method verifiable with the frames it has when it is done (the
 * class writer computes none, and nothing recomputes them): most rewrites keep the control flow and so every
 * frame; the automatic release ({@link AutoReleaseRewrite}) adds one handler and hidden locals and extends the
 * method's own frames with them, with no type merge and so without loading classes. It raises
 * {@code maxStack}/{@code maxLocals} as it needs, and takes site ids only from {@link ClassScope#site}.
 */
@FunctionalInterface
public interface MethodRewrite {
    /** Rewrites {@code method} in place; returns whether anything changed. */
    boolean rewrite(ClassScope scope, MethodNode method);

    /** Called once per class, before any of its methods is rewritten; the class tree is still as loaded. */
    default void beforeClass(ClassScope scope) {}

    /** Called once per class after every method was rewritten (also when nothing changed), before it is written. */
    default void afterClass(ClassScope scope) {}

    /**
     * What this rewrite did to {@code method} (or, when null, to the whole class) is thrown away: the method, or the
     * class, stays as it was loaded. A rewrite whose soundness needs its code in place withdraws what rests on it.
     */
    default void abandoned(ClassScope scope, MethodNode method) {}

    /**
     * Internal names of classes whose mention in a class's constant pool makes this rewrite want to see that
     * class (beyond the classes the rules name), e.g. {@code ai/onnxruntime/OnnxTensor}.
     */
    default java.util.Set<String> mentions() {
        return java.util.Set.of();
    }
}
