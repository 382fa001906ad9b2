package dev.autopool.agent.rewrite;

import org.objectweb.asm.commons.CodeSizeEvaluator;
import org.objectweb.asm.tree.MethodNode;

/** The largest size, in bytes, a method's code can take once written. */
final class CodeSize {
    private CodeSize() {}

    static int max(MethodNode method) {
        CodeSizeEvaluator size = new CodeSizeEvaluator(null);
        method.instructions.accept(size);
        return size.getMaxSize();
    }
}
