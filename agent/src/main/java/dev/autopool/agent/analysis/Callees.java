package dev.autopool.agent.analysis;

import org.objectweb.asm.tree.MethodInsnNode;

/** Summaries of called methods, computed on demand; {@code depth} is how deep in a call chain the caller is. */
interface Callees {
    CalleeSummary summaryOf(MethodInsnNode call, int depth);
}
