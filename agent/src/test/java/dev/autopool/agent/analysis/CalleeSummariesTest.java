package dev.autopool.agent.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.agent.config.Rule;
import dev.autopool.agent.config.ConfigParser;
import dev.autopool.agent.analysis.fixtures.Helpers;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

/** What the analysis concludes about a callee it reads as a class file, without loading it. */
class CalleeSummariesTest {
    private static final String HELPERS = Type.getInternalName(Helpers.class);
    private static final List<Rule> PLANE = ConfigParser.parse("test.conf",
            List.of("factory " + Helpers.class.getName() + "#plane(int,int)",
                    "factory " + Helpers.class.getName() + "#reuse(float[][],int) dims=1",
                    "factory " + Helpers.class.getName() + "#cachedPlane(int,int)")).rules();

    static Stream<Arguments> parameterEffects() {
        return Stream.of(
                Arguments.of("same", "([[F)[[F", new Effect[] {Effect.RETURNED}),
                Arguments.of("firstRow", "([[F)[F", new Effect[] {Effect.ESCAPES}),
                Arguments.of("fill", "([[FF)V", new Effect[] {Effect.HARMLESS, Effect.HARMLESS}),
                Arguments.of("copyRows", "([[F[[F)V", new Effect[] {Effect.ESCAPES, Effect.ESCAPES}),
                Arguments.of("copyElements", "([F[F)V", new Effect[] {Effect.HARMLESS, Effect.HARMLESS}),
                Arguments.of("deep", "([[F)V", new Effect[] {Effect.ESCAPES}));
    }

    @ParameterizedTest(name = "{0}{1}")
    @MethodSource("parameterEffects")
    void eachParameterGetsWhatTheCalleeDoesWithIt(String name, String desc, Effect[] expected) {
        CalleeSummary s = callees(type -> true).summaryOf(call(name, desc), 0);
        assertArrayEquals(expected, s.effects());
    }

    @Test
    void aCallChainDeeperThanTheBoundIsNotFollowed() {
        CalleeSummary s = callees(type -> true).summaryOf(call("deep", "([[F)V"), 0);
        assertTrue(s.reason(0).contains("calls deeper than the analysis follows"), s.reason(0));
    }

    @Test
    void aHelperReturningAFreshPooledBorrowHandsItToItsCaller() {
        assertTrue(callees(type -> true).summaryOf(call("freshPlane", "(I)[[F"), 0).returnsBorrow());
    }

    /**
     * The agent leaves calls to a factory whose body its check refuses plain, so a helper wrapping one hands out
     * whatever that body returns: before, such a call counted as a borrow in original code, and the callers of
     * {@code scratchViaReuse(a, n)} released their own array {@code a} while still using it (another borrower got
     * it), and those of {@code scratchViaCache} sent the shared cache to the pool.
     */
    @Test
    void aHelperWrappingARefusedFactoryHandsOutNoBorrow() {
        ClassFileCallees callees = callees(type -> true);
        CalleeSummary reuse = callees.summaryOf(call("scratchViaReuse", "([[FI)[[F"), 0);
        assertEquals(false, reuse.returnsBorrow());
        assertEquals(Effect.RETURNED, reuse.effect(0), "the argument may come back");
        assertEquals(false, callees.summaryOf(call("scratchViaCache", "(I)[[F"), 0).returnsBorrow());
    }

    @Test
    void aFactoryWhoseTypeTheRuntimeDoesNotPoolBorrowsNothing() {
        assertEquals(false, callees(type -> false).summaryOf(call("freshPlane", "(I)[[F"), 0).returnsBorrow());
    }

    @Test
    void aHelperThatMayReturnNullOrKeepsTheBufferReturnsNoBorrow() {
        ClassFileCallees callees = callees(type -> true);
        assertEquals(false, callees.summaryOf(call("freshOrNull", "(I)[[F"), 0).returnsBorrow());
        assertEquals(false, callees.summaryOf(call("keptPlane", "(I)[[F"), 0).returnsBorrow());
    }

    private static ClassFileCallees callees(Predicate<Type> pooled) {
        BorrowRules rules = BorrowRules.of("dev/autopool/runtime/Pools", pooled, PLANE);
        return new ClassFileCallees(CodeBase.ofClassFiles(RewritingLoader::originalBytes), rules, new SummaryCache());
    }

    private static MethodInsnNode call(String name, String desc) {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, HELPERS, name, desc, false);
    }
}
