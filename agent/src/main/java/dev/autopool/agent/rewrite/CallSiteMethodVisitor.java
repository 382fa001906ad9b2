package dev.autopool.agent.rewrite;

import dev.autopool.agent.config.Rule;
import dev.autopool.runtime.Sites;
import java.lang.System.Logger.Level;
import java.util.function.Supplier;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** Swaps configured static calls for runtime calls that carry a registered site id. */
final class CallSiteMethodVisitor extends MethodVisitor {
    private final RewritePlan plan;
    private final String className;
    private final String methodName;
    private final Supplier<String> sourceFile;
    private int line = -1;
    private boolean rewrote;

    CallSiteMethodVisitor(MethodVisitor next, RewritePlan plan, String className, String methodName,
                          Supplier<String> sourceFile) {
        super(Opcodes.ASM9, next);
        this.plan = plan;
        this.className = className;
        this.methodName = methodName;
        this.sourceFile = sourceFile;
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        this.line = line;
        super.visitLineNumber(line, start);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        Rule rule = opcode == Opcodes.INVOKESTATIC ? plan.ruleFor(owner, name, descriptor) : null;
        RuntimeTarget target = rule == null ? null : targetFor(rule, descriptor);
        if (target == null) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            return;
        }
        int site = Sites.register(className, methodName, sourceFile.get(), line, rule.origin());
        super.visitLdcInsn(site);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, RuntimeTarget.OWNER, target.name(), target.descriptor(), false);
        rewrote = true;
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        // The pushed site id can sit on top of a full stack.
        super.visitMaxs(rewrote ? maxStack + 1 : maxStack, maxLocals);
    }

    private RuntimeTarget targetFor(Rule rule, String descriptor) {
        Type type = Type.getMethodType(descriptor);
        RuntimeTarget target = switch (rule.kind()) {
            case FACTORY -> RuntimeTarget.factory(type);
            case RELEASE -> RuntimeTarget.release(type);
        };
        if (target == null) {
            System.getLogger("autopool").log(Level.WARNING, "autopool RULE " + rule.origin() + ": " + rule.method()
                    + " has a shape the runtime cannot pool (" + descriptor + "); the call at " + className + "."
                    + methodName + " line " + line + " is left as it is");
        }
        return target;
    }
}
