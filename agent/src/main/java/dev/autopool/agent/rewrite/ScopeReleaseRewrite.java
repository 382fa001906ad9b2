package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.EscapeAnalysis;
import dev.autopool.agent.analysis.ReleaseInsertion;
import dev.autopool.agent.analysis.TypeHierarchy;
import dev.autopool.agent.analysis.Verdict;
import dev.autopool.runtime.Sites;
import java.util.List;
import java.util.function.Consumer;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;

/**
 * Releases provably local borrows where they die (see {@link ReleaseInsertion}). It must see the code after the
 * call-site rewrite, so it sits between that rewrite and the class writer: the class is buffered, analysed and
 * replayed. Inserted releases report under a site registered with the rule name {@code auto-release}.
 */
public final class ScopeReleaseRewrite extends AsmVisitorWrapper.AbstractBase {
    /** The rule name sites of inserted releases are registered with. */
    public static final String RULE = "auto-release";

    private final EscapeAnalysis analysis;
    private final Consumer<List<Verdict>> verdicts;

    /** @param verdicts receives each rewritten class's verdicts (for audit and statistics) */
    public ScopeReleaseRewrite(EscapeAnalysis analysis, Consumer<List<Verdict>> verdicts) {
        this.analysis = analysis;
        this.verdicts = verdicts;
    }

    @Override
    public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor,
                             Implementation.Context implementationContext, TypePool typePool,
                             FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods,
                             int writerFlags, int readerFlags) {
        TypeHierarchy hierarchy = TypeHierarchy.of(typePool);
        return new ClassNode(Opcodes.ASM9) {
            @Override
            public void visitEnd() {
                super.visitEnd();
                List<Verdict> found = ReleaseInsertion.apply(this, analysis, hierarchy, v ->
                        Sites.register(v.className(), v.method(), v.file(), v.line(), RULE));
                if (!found.isEmpty()) {
                    verdicts.accept(found);
                }
                accept(classVisitor);
            }
        };
    }
}
