package dev.autopool.agent.rewrite;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;
import org.objectweb.asm.ClassVisitor;

/**
 * Rewrites the {@code INVOKESTATIC} call sites of configured factory and release methods into calls to the
 * runtime. The rewrite keeps the stack shape: the original arguments stay, one site id is pushed, and the call
 * target changes, so no stack map frame needs recomputing.
 */
public final class CallSiteRewrite extends AsmVisitorWrapper.AbstractBase {
    private final RewritePlan plan;

    public CallSiteRewrite(RewritePlan plan) {
        this.plan = plan;
    }

    @Override
    public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor,
                             Implementation.Context implementationContext, TypePool typePool,
                             FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods,
                             int writerFlags, int readerFlags) {
        return new CallSiteClassVisitor(classVisitor, plan);
    }
}
