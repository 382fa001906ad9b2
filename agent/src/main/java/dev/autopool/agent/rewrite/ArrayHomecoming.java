package dev.autopool.agent.rewrite;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Decides whether the array a {@code new} in an {@code arrays} scope creates is sure to come home (through a
 * {@code release} rule, a {@code lifecycle} rule or a release the escape analysis inserts). Only such a
 * {@code new} is pooled: pooling one that never comes back would only turn garbage into leak reports.
 * Implementations must not load classes; they may read the method and its class.
 */
@FunctionalInterface
public interface ArrayHomecoming {
    /** Whether the array created by {@code allocation} ({@code NEWARRAY} or {@code MULTIANEWARRAY}) comes home. */
    boolean comesHome(ClassScope scope, MethodNode method, AbstractInsnNode allocation);

    /** Why the array does not come home, for {@code audit}'s list of plain {@code new}s (asked only then). */
    default String whyNot(ClassScope scope, MethodNode method, AbstractInsnNode allocation) {
        return "not stored straight into a field a lifecycle rule releases, and not proven to die in its method";
    }

    /** No path is known: every {@code new} stays plain. */
    ArrayHomecoming NONE = (scope, method, allocation) -> false;

    /** This decision or the other one; the other one says why not (the more precise: it is the analysis). */
    default ArrayHomecoming or(ArrayHomecoming other) {
        ArrayHomecoming self = this;
        return new ArrayHomecoming() {
            @Override
            public boolean comesHome(ClassScope scope, MethodNode method, AbstractInsnNode allocation) {
                return self.comesHome(scope, method, allocation) || other.comesHome(scope, method, allocation);
            }

            @Override
            public String whyNot(ClassScope scope, MethodNode method, AbstractInsnNode allocation) {
                return other.whyNot(scope, method, allocation);
            }
        };
    }
}
