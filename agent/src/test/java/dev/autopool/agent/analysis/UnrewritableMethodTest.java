package dev.autopool.agent.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.agent.analysis.fixtures.Corpus;
import dev.autopool.agent.analysis.fixtures.TestPools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/** A method whose frames cannot be computed (a class the hierarchy cannot read) stays exactly as it was. */
class UnrewritableMethodTest {

    @Test
    void aMethodThatCannotBeRewrittenIsRestoredAndItsBorrowLeftToTheGc() {
        ClassNode owner = new ClassNode();
        new ClassReader(RewritingLoader.originalBytes(Type.getInternalName(Corpus.class))).accept(owner, 0);
        MethodNode method = owner.methods.stream().filter(m -> m.name.equals("mergesTwoClasses")).findFirst()
                .orElseThrow();
        String before = text(method);
        TypeHierarchy unreadable = new TypeHierarchy() {
            @Override
            public String superName(String internalName) {
                throw new IllegalStateException("cannot read " + internalName);
            }

            @Override
            public boolean isInterface(String internalName) {
                throw new IllegalStateException("cannot read " + internalName);
            }
        };
        EscapeAnalysis analysis = new RewritingLoader().analysis();

        ReleaseInsertion.Outcome outcome = ReleaseInsertion.rewrite(owner, method, analysis, unreadable,
                v -> new LdcInsnNode(1));

        assertFalse(outcome.changed());
        List<Verdict> verdicts = List.copyOf(outcome.verdicts().values());
        assertEquals(1, verdicts.size());
        assertEquals(Verdict.Kind.NOT_PROVEN, verdicts.get(0).kind());
        assertTrue(verdicts.get(0).reason().contains("cannot read"), verdicts.get(0)::toString);
        assertEquals(before, text(method));
    }

    @Test
    void withAReadableHierarchyTheSameMethodIsRewrittenAndRuns() throws Exception {
        TestPools.reset();
        RewritingLoader loader = new RewritingLoader();
        Object result = loader.loadClass(Corpus.class.getName()).getMethod("mergesTwoClasses", int.class)
                .invoke(null, 2);
        assertEquals(4L, result);
        assertEquals(1, TestPools.releases());
    }

    private static String text(MethodNode m) {
        Textifier t = new Textifier();
        m.accept(new TraceMethodVisitor(t));
        StringWriter out = new StringWriter();
        t.print(new PrintWriter(out));
        return out + " maxStack=" + m.maxStack + " maxLocals=" + m.maxLocals + " handlers=" + m.tryCatchBlocks.size();
    }
}
