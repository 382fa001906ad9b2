package dev.autopool.agent.analysis;

import org.objectweb.asm.tree.MethodInsnNode;

/** Summaries of called methods, computed on demand; {@code depth} is how deep in a call chain the caller is. */
interface Callees {
    CalleeSummary summaryOf(MethodInsnNode call, int depth);

    /**
     * Whether methods of {@code owner} may hand out a fresh borrow, i.e. whether it is worth summarising a call
     * into it that passes no tracked value: false is always safe (the result is then simply not tracked).
     */
    boolean mayHandOutBorrows(String owner);
}
