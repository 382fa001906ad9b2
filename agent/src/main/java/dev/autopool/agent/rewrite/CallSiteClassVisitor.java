package dev.autopool.agent.rewrite;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Hands each method to a {@link CallSiteMethodVisitor}, with the class and source names sites are reported by. */
public final class CallSiteClassVisitor extends ClassVisitor {
    private final RewritePlan plan;
    private String className;
    private String sourceFile;

    public CallSiteClassVisitor(ClassVisitor next, RewritePlan plan) {
        super(Opcodes.ASM9, next);
        this.plan = plan;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        className = name.replace('/', '.');
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public void visitSource(String source, String debug) {
        sourceFile = source;
        super.visitSource(source, debug);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                     String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        return next == null ? null : new CallSiteMethodVisitor(next, plan, className, name, () -> sourceFile);
    }
}
