package dev.autopool.agent.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.agent.analysis.fixtures.Helpers;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * A callee is judged only from the code its {@link CodeBase} knows: a name not linked yet escapes and is waited
 * for (and never cached), a known one is read and recorded as what the summary rests on.
 */
class KnownCodeTest {
    private static final String HELPERS = Type.getInternalName(Helpers.class);
    private static final BorrowRules RULES = BorrowRules.of("dev/autopool/runtime/Pools", t -> true, List.of());

    /** A code base that does not know {@code Helpers} until {@code linked} is set, counting its lookups. */
    private static final class LinkingLater implements CodeBase {
        boolean linked;
        final AtomicInteger lookups = new AtomicInteger();

        @Override
        public long loader() {
            return 7;
        }

        @Override
        public Lookup find(String internalName) {
            lookups.incrementAndGet();
            if (!linked) return new Unknown("is not linked yet", true);
            return new Known(new ClassKey(7, internalName), RewritingLoader.originalBytes(internalName), this);
        }
    }

    @Test
    void aCalleeNotLinkedYetEscapesIsWaitedForAndNotCached() {
        LinkingLater code = new LinkingLater();
        ClassFileCallees callees = new ClassFileCallees(code, RULES, new SummaryCache());

        CalleeSummary before = callees.summaryOf(fill(), 0);
        assertEquals(Effect.ESCAPES, before.effect(0));
        assertTrue(before.reason(0).contains("is not linked yet"), before.reason(0));
        assertEquals(Set.of(HELPERS), before.waitingFor());

        code.linked = true;
        CalleeSummary after = callees.summaryOf(fill(), 0);
        assertEquals(Effect.HARMLESS, after.effect(0), "read once linked: the unknown answer was not cached");
        assertEquals(Set.of(new ClassKey(7, HELPERS), ClassKey.boot("java/util/Arrays")), after.dependsOn(),
                "the helper and the JDK class whose allowlisted fill it calls");
        assertEquals(Set.of(), after.waitingFor());
    }

    @Test
    void aSummaryOfKnownCodeIsCachedWithWhatItRestsOn() {
        LinkingLater code = new LinkingLater();
        code.linked = true;
        SummaryCache cache = new SummaryCache();
        new ClassFileCallees(code, RULES, cache).summaryOf(fill(), 0);
        int lookups = code.lookups.get();

        CalleeSummary again = new ClassFileCallees(code, RULES, cache).summaryOf(fill(), 0);

        assertEquals(lookups, code.lookups.get(), "the second summary comes from the cache");
        assertEquals(Set.of(new ClassKey(7, HELPERS), ClassKey.boot("java/util/Arrays")), again.dependsOn());
    }

    @Test
    void anAllowlistedJdkMethodRestsOnItsJdkClass() {
        MethodInsnNode fill = new MethodInsnNode(Opcodes.INVOKESTATIC, "java/util/Arrays", "fill", "([FF)V", false);
        CalleeSummary s = new ClassFileCallees(new LinkingLater(), RULES, new SummaryCache()).summaryOf(fill, 0);
        assertEquals(Effect.HARMLESS, s.effect(0));
        assertEquals(Set.of(ClassKey.boot("java/util/Arrays")), s.dependsOn());
    }

    @Test
    void aMethodWhoseCalleeIsLinkedWhenAskedIsJudgedAgainAndReleasesInItsFirstVersion() {
        LinkingLater code = new LinkingLater();
        EscapeAnalysis analysis = new EscapeAnalysis(RULES, code, new SummaryCache());
        List<Set<String>> asked = new java.util.ArrayList<>();
        ReleaseInsertion.Outcome outcome = ReleaseInsertion.rewrite(owner(), borrowThenFill(), analysis,
                VerdictGuard.Source.NONE, v -> new LdcInsnNode(99), false, names -> {
                    asked.add(names);
                    code.linked = true;
                    return true;
                });
        assertEquals(List.of(Set.of(HELPERS)), asked, "asked once, for the callee it waited for");
        assertTrue(outcome.changed());
        assertEquals(List.of(Verdict.Kind.RELEASED_BY_AGENT),
                outcome.verdicts().values().stream().map(Verdict::kind).toList());
        assertEquals(Set.of(), outcome.waitingFor());
    }

    @Test
    void aMethodWhoseCalleeCannotBeLinkedNowStillWaitsForIt() {
        EscapeAnalysis analysis = new EscapeAnalysis(RULES, new LinkingLater(), new SummaryCache());
        ReleaseInsertion.Outcome outcome = ReleaseInsertion.rewrite(owner(), borrowThenFill(), analysis,
                VerdictGuard.Source.NONE, v -> new LdcInsnNode(99), false, names -> false);
        assertEquals(List.of(Verdict.Kind.ESCAPES),
                outcome.verdicts().values().stream().map(Verdict::kind).toList());
        assertEquals(Set.of(HELPERS), outcome.waitingFor());
    }

    private static org.objectweb.asm.tree.ClassNode owner() {
        org.objectweb.asm.tree.ClassNode c = new org.objectweb.asm.tree.ClassNode();
        c.version = Opcodes.V17;
        c.name = "com/acme/Caller";
        return c;
    }

    /** {@code float[][] m = Pools.float2d(4, 4, 1); Helpers.fill(m, 1f); return;} as rewritten code has it. */
    private static MethodNode borrowThenFill() {
        MethodNode m = new MethodNode(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "use", "()V", null, null);
        m.visitCode();
        m.visitInsn(Opcodes.ICONST_4);
        m.visitInsn(Opcodes.ICONST_4);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/autopool/runtime/Pools", "float2d", "(III)[[F", false);
        m.visitVarInsn(Opcodes.ASTORE, 0);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitInsn(Opcodes.FCONST_1);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, HELPERS, "fill", "([[FF)V", false);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(3, 1);
        m.visitEnd();
        return m;
    }

    private static MethodInsnNode fill() {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, HELPERS, "fill", "([[FF)V", false);
    }
}
