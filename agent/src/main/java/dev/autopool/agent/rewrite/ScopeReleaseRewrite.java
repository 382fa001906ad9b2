package dev.autopool.agent.rewrite;

import dev.autopool.agent.analysis.BorrowRules;
import dev.autopool.agent.analysis.EscapeAnalysis;
import dev.autopool.agent.analysis.LoaderAnalyses;
import dev.autopool.agent.analysis.ReleaseInsertion;
import dev.autopool.agent.analysis.TypeHierarchy;
import dev.autopool.agent.analysis.Verdict;
import dev.autopool.agent.config.Config;
import dev.autopool.runtime.Pools;
import dev.autopool.runtime.Sites;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Locale;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;

/**
 * Releases provably local borrows where they die ({@link ReleaseInsertion}); on by default, off with
 * {@code set auto-release=off}. It must see the code after the call-site rewrite, so it sits between that
 * rewrite and the class writer: the class is buffered, analysed and replayed. Callees are read as class files
 * of the rewritten class's own loader. Inserted releases report under sites registered with the rule name
 * {@code auto-release}.
 */
public final class ScopeReleaseRewrite {
    /** The setting that turns automatic release off ({@code set auto-release=off}). */
    public static final String SETTING = "auto-release";
    /** The rule name sites of inserted releases are registered with. */
    public static final String RULE = "auto-release";

    private static final Logger LOG = System.getLogger("autopool");

    private final LoaderAnalyses analyses;

    ScopeReleaseRewrite(BorrowRules rules) {
        this.analyses = new LoaderAnalyses(rules);
    }

    /** The rewrite the configuration asks for, or null when {@code auto-release} is off. */
    public static ScopeReleaseRewrite of(Config config) {
        String value = config.settings().getOrDefault(SETTING, "on").toLowerCase(Locale.ROOT);
        if (value.equals("off") || value.equals("false")) {
            return null;
        }
        return new ScopeReleaseRewrite(BorrowRules.of(Type.getInternalName(Pools.class),
                ScopeReleaseRewrite::isPooled, config.rules()));
    }

    /** Whether {@code Pools} has a factory for this array type, {@code float3d(int, int, int, int)} style. */
    private static boolean isPooled(Type arrayType) {
        if (arrayType.getSort() != Type.ARRAY || arrayType.getElementType().getSort() > Type.DOUBLE) {
            return false;
        }
        Class<?>[] params = new Class<?>[arrayType.getDimensions() + 1];
        java.util.Arrays.fill(params, int.class);
        try {
            Pools.class.getMethod(arrayType.getElementType().getClassName() + arrayType.getDimensions() + "d", params);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The class-visitor wrapper for classes defined by {@code loader} (null: the boot loader). */
    public AsmVisitorWrapper forLoader(ClassLoader loader) {
        LoaderAnalyses.ForLoader seen = analyses.of(loader);
        return new AsmVisitorWrapper.AbstractBase() {
            @Override
            public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor,
                                     Implementation.Context implementationContext, TypePool typePool,
                                     FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods,
                                     int writerFlags, int readerFlags) {
                return new Buffered(classVisitor, seen.analysis(), seen.hierarchy());
            }
        };
    }

    /** Buffers a class, inserts its releases and replays it to the writer. */
    private static final class Buffered extends ClassNode {
        private final ClassVisitor next;
        private final EscapeAnalysis analysis;
        private final TypeHierarchy hierarchy;

        Buffered(ClassVisitor next, EscapeAnalysis analysis, TypeHierarchy hierarchy) {
            super(Opcodes.ASM9);
            this.next = next;
            this.analysis = analysis;
            this.hierarchy = hierarchy;
        }

        @Override
        public void visitEnd() {
            super.visitEnd();
            List<Verdict> verdicts = ReleaseInsertion.apply(this, analysis, hierarchy,
                    v -> Sites.register(v.className(), v.method(), v.file(), v.line(), RULE));
            verdicts.forEach(v -> LOG.log(Level.DEBUG, () -> "autopool AUTO-RELEASE " + v));
            accept(next);
        }
    }
}
