package dev.autopool.agent.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopool.agent.analysis.Verdict.Kind;
import dev.autopool.agent.analysis.fixtures.Allocations;
import dev.autopool.agent.analysis.fixtures.TestPools;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * What an {@code arrays} rule asks before pooling a {@code new}: does the array come home? Pooling exactly the
 * allocations the analysis says yes to, then inserting releases, brings each one home once.
 */
class AllocationVerdictsTest {
    private static final String POOLS = Type.getInternalName(TestPools.class);

    @BeforeEach
    void resetCounts() {
        TestPools.reset();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"scratch, RELEASED_BY_AGENT, 1", "scratchInLoop, RELEASED_BY_AGENT, 4", "kept, ESCAPES, 0",
        "doubleBuffer, NOT_PROVEN, 0"})
    void onlyAnAllocationThatComesHomeIsPooledAndItComesHomeOnce(String method, Kind kind, int releases)
            throws Exception {
        List<Verdict> judged = new ArrayList<>();
        RewritingLoader loader = new RewritingLoader(node -> poolWhatComesHome(node, judged));
        Class<?> rewritten = loader.loadClass(Allocations.class.getName());
        Verdict v = judged.stream().filter(j -> j.method().equals(method)).findFirst().orElseThrow();
        assertEquals(kind, v.kind(), v::toString);

        Object expected = Allocations.class.getMethod(method, int.class).invoke(null, 4);
        assertEquals(expected, rewritten.getMethod(method, int.class).invoke(null, 4));
        assertEquals(releases, TestPools.borrowed().size(), "only what comes home is pooled");
        for (Object b : TestPools.borrowed()) {
            assertEquals(1, TestPools.releasesOf(b));
        }
        assertEquals(releases, TestPools.releases());
    }

    /**
     * A {@code new} the app hands to a release method comes home only if it does so on every path: pooled with a
     * release on some paths only, the other paths' arrays would be left to the GC and reported as leaks of a
     * {@code new} nobody asked to pool (they were, before this check: released by the app on any path counted).
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"releasedOnEveryTurn, RELEASED_BY_APP", "releasedInFinally, RELEASED_BY_APP",
        "releasedOnSomeTurns, NOT_PROVEN", "releaseSkippedByABreak, NOT_PROVEN", "releasesThePreviousOne, NOT_PROVEN"})
    void anAllocationTheAppReleasesComesHomeOnlyIfReleasedOnEveryPath(String method, Kind kind) {
        List<Verdict> judged = new ArrayList<>();
        poolWhatComesHome(RewritingLoader.node(Allocations.class), judged);
        Verdict v = judged.stream().filter(j -> j.method().equals(method)).findFirst().orElseThrow();
        assertEquals(kind, v.kind(), v::toString);
    }

    /** A stand-in for the agent's arrays rewrite: {@code new float[a][b][c]} becomes a borrow when it comes home. */
    private static void poolWhatComesHome(ClassNode node, List<Verdict> judged) {
        EscapeAnalysis analysis = new RewritingLoader().analysis();
        for (MethodNode m : node.methods) {
            Map<AbstractInsnNode, Verdict> verdicts = analysis.allocationVerdicts(node.name, node.sourceFile, m,
                    insn -> insn.getOpcode() == Opcodes.MULTIANEWARRAY);
            verdicts.forEach((insn, v) -> {
                judged.add(v);
                if (v.kind() == Kind.RELEASED_BY_AGENT) {
                    m.instructions.insertBefore(insn, new LdcInsnNode(77));
                    m.instructions.set(insn, new MethodInsnNode(Opcodes.INVOKESTATIC, POOLS, "float3d",
                            "(IIII)[[[F", false));
                    m.maxStack += 1;
                }
            });
        }
    }
}
