package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.BorrowRules;
import dev.autopool.agent.analysis.CodeBase;
import dev.autopool.agent.analysis.EscapeAnalysis;
import dev.autopool.agent.analysis.LoaderAnalyses;
import dev.autopool.agent.analysis.ReleaseInsertion;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Loan numbers without the automatic release ({@code set auto-release=off}): a {@code release} rule's call whose
 * buffer has one known borrow in its method names that borrow's loan ({@code releaseLoan}), so a stale release of
 * a buffer that came home and was lent again is refused, as it is with the automatic release on. Which loan a
 * value is rests on the method's own code, so this reads no other class: the analysis sees the class alone
 * (every callee unknown), and only methods that hold a plain runtime release are analysed.
 */
final class LoanNumberRewrite implements MethodRewrite {
    @Override
    public boolean rewrite(ClassScope scope, MethodNode method) {
        RuntimeApi api = scope.api();
        if (!api.numbersLoans() || !holdsPlainRelease(method, api.owner())) {
            return false;
        }
        return ReleaseInsertion.numberLoans(scope.node(), method, analysis(scope));
    }

    /** Whether {@code method} calls the runtime's {@code release(Object, int)}: what a release rule's call became. */
    private static boolean holdsPlainRelease(MethodNode method, String poolOwner) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESTATIC
                    && call.owner.equals(poolOwner) && call.name.equals("release")
                    && call.desc.equals("(Ljava/lang/Object;I)V")) {
                return true;
            }
        }
        return false;
    }

    /**
     * An analysis of this class alone, one per class rewrite: nothing it learns is shared with another class
     * (whose loader may define other classes of the same names).
     */
    private static EscapeAnalysis analysis(ClassScope scope) {
        return scope.memo(EscapeAnalysis.class, () -> {
            RuntimeApi api = scope.api();
            BorrowRules rules = BorrowRules.of(api.owner(), type -> api.factory(type) != null, scope.plan().rules());
            String self = scope.internalName();
            byte[] classFile = scope.classFile();
            return new LoaderAnalyses(rules).of(CodeBase.ofClassFiles(name -> name.equals(self) ? classFile : null));
        });
    }
}
