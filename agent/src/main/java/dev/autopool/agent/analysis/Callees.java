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

    /**
     * For a call in original code to a {@code factory} rule's method: the classes whose code makes it a borrow
     * (the factory's class, whose body the rule's check accepts in the code base's view), or null when it is no
     * borrow at run time: the agent leaves calls to a refused body plain (an impure "reuse if it fits" factory may
     * hand back its argument or a cached array), and a class not known yet cannot be checked.
     */
    java.util.Set<ClassKey> pooledFactory(MethodInsnNode call, int[] dims);
}
