package dev.autopool.agent.analysis;

import org.objectweb.asm.tree.AbstractInsnNode;

/**
 * How one provably local borrow goes home: at every exit of its method and, when the previous buffer is dead by
 * then, just before the same instruction borrows again (a loop's previous iteration).
 */
record BorrowPlan(AbstractInsnNode borrow, boolean releaseBeforeReborrow, Verdict verdict) {}
