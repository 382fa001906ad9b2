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

/**
 * A method whose verdicts the guard source refuses stays exactly as it was; a method whose frames merge two
 * classes is rewritten with no class hierarchy at all (the inserted code merges no types), and each inserted
 * release pushes the guard it was given.
 */
class UnrewritableMethodTest {

    @Test
    void aMethodWhoseVerdictsAreRefusedIsRestoredAndItsBorrowLeftToTheGc() {
        MethodNode method = corpusMethod("mergesTwoClasses");
        ClassNode owner = corpus();
        method = owner.methods.stream().filter(m -> m.name.equals("mergesTwoClasses")).findFirst().orElseThrow();
        String before = text(method);
        EscapeAnalysis analysis = new RewritingLoader().analysis();

        ReleaseInsertion.Outcome outcome = ReleaseInsertion.rewrite(owner, method, analysis,
                dependsOn -> VerdictGuard.refused("a callee was retransformed"), v -> new LdcInsnNode(1));

        assertFalse(outcome.changed());
        List<Verdict> verdicts = List.copyOf(outcome.verdicts().values());
        assertEquals(1, verdicts.size());
        assertEquals(Verdict.Kind.NOT_PROVEN, verdicts.get(0).kind());
        assertTrue(verdicts.get(0).reason().contains("retransformed"), verdicts.get(0)::toString);
        assertEquals(before, text(method));
    }

    @Test
    void theInsertedReleasesPushTheGuardTheSourceGave() {
        ClassNode owner = corpus();
        MethodNode method = owner.methods.stream().filter(m -> m.name.equals("mergesTwoClasses")).findFirst()
                .orElseThrow();

        ReleaseInsertion.Outcome outcome = ReleaseInsertion.rewrite(owner, method, new RewritingLoader().analysis(),
                dependsOn -> new VerdictGuard(4242, null), v -> new LdcInsnNode(7));

        assertTrue(outcome.changed());
        List<org.objectweb.asm.tree.AbstractInsnNode> releases = java.util.stream.StreamSupport
                .stream(method.instructions.spliterator(), false)
                .filter(i -> i instanceof org.objectweb.asm.tree.MethodInsnNode call
                        && call.name.equals("releaseIfValid"))
                .toList();
        assertTrue(releases.size() >= 2, "at least before the return and in the catch-all handler");
        for (org.objectweb.asm.tree.AbstractInsnNode release : releases) {
            assertEquals(4242, ((LdcInsnNode) release.getPrevious().getPrevious()).cst);
        }
    }

    @Test
    void aMethodThatMergesTwoClassesIsRewrittenWithoutAHierarchyAndRuns() throws Exception {
        TestPools.reset();
        RewritingLoader loader = new RewritingLoader();
        Object result = loader.loadClass(Corpus.class.getName()).getMethod("mergesTwoClasses", int.class)
                .invoke(null, 2);
        assertEquals(4L, result);
        assertEquals(1, TestPools.releases());
    }

    @Test
    void aMethodWithWideLocalsLoopsAndHandlersIsRewrittenVerifiedAndRuns() throws Exception {
        double expected = Corpus.wideLocalsInALoop(4);
        TestPools.reset();
        RewritingLoader loader = new RewritingLoader();
        Object result = loader.loadClass(Corpus.class.getName()).getMethod("wideLocalsInALoop", int.class)
                .invoke(null, 4);
        assertEquals(expected, result);
        assertEquals(4, TestPools.releases());
        assertEquals(1, TestPools.maxOutstanding(), "each iteration's buffer goes home before the next borrow");
    }

    private static ClassNode corpus() {
        ClassNode owner = new ClassNode();
        new ClassReader(RewritingLoader.originalBytes(Type.getInternalName(Corpus.class))).accept(owner, 0);
        return owner;
    }

    private static MethodNode corpusMethod(String name) {
        return corpus().methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    private static String text(MethodNode m) {
        Textifier t = new Textifier();
        m.accept(new TraceMethodVisitor(t));
        StringWriter out = new StringWriter();
        t.print(new PrintWriter(out));
        return out + " maxStack=" + m.maxStack + " maxLocals=" + m.maxLocals + " handlers=" + m.tryCatchBlocks.size();
    }
}
