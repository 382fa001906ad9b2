package dev.autopool.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopool.agent.analysis.ClassKey;
import dev.autopool.runtime.Pools;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Guards over the classes a verdict read, as the real runtime sees them: a release through a valid guard goes
 * home, one through a guard whose class changed does not, whichever came first.
 */
class VerdictGuardTableTest {
    private static final ClassKey CALLEE = new ClassKey(42, "com/acme/Helper");
    private static final ClassKey OTHER = new ClassKey(42, "com/acme/Other");

    private final ClassDefinitions definitions = new ClassDefinitions();
    private final VerdictGuardTable table = new VerdictGuardTable(definitions);

    @Test
    void aReleaseGoesHomeWhileTheGuardHoldsAndNotAfterItsClassChanged() {
        int guard = table.guardOver(Set.of(CALLEE, OTHER), getClass().getClassLoader(), "com/acme/Caller");
        assertEquals(1, releasesThrough(guard));

        List<VerdictGuardTable.Owner> cleared = table.changed(CALLEE);
        assertEquals(List.of("com/acme/Caller"), cleared.stream().map(VerdictGuardTable.Owner::name).toList(),
                "the caller whose releases were withdrawn is named, to be rewritten again");

        assertEquals(0, releasesThrough(guard));
    }

    @Test
    void aGuardOverAClassAlreadyChangedIsBornCleared() {
        table.changed(CALLEE);
        int guard = table.guardOver(Set.of(CALLEE));
        assertEquals(0, releasesThrough(guard));
    }

    @Test
    void aChangeClearsOnlyTheGuardsThatRestOnThatClass() {
        int onCallee = table.guardOver(Set.of(CALLEE));
        int onOther = table.guardOver(Set.of(OTHER));
        table.changed(CALLEE);
        assertEquals(0, releasesThrough(onCallee));
        assertEquals(1, releasesThrough(onOther));
    }

    @Test
    void clearingEverythingClearsEveryGuardIssued() {
        int a = table.guardOver(Set.of(CALLEE));
        int b = table.guardOver(Set.of(OTHER));
        table.clearAll();
        assertEquals(0, releasesThrough(a));
        assertEquals(0, releasesThrough(b));
    }

    @Test
    void anAgentStartedLaterClearsEveryGuardThatReadsCalleesAndEveryOneMadeAfter() {
        int readsCallees = table.guardOver(Set.of(CALLEE), null, "com/acme/Caller", true);
        int methodAlone = table.guardOver(Set.of(OTHER), null, "com/acme/Other", false);
        assertEquals(1, table.distrustCallees("an agent started after autopool"));
        assertEquals(-1, table.distrustCallees("again"), "said once");
        int madeAfter = table.guardOver(Set.of(CALLEE), null, "com/acme/Caller", true);
        assertEquals(0, releasesThrough(readsCallees));
        assertEquals(0, releasesThrough(madeAfter));
        assertEquals(1, releasesThrough(methodAlone));
        assertEquals("an agent started after autopool", table.calleesDistrusted());
    }

    /** Borrows one buffer from the real pool and hands it to the guarded release: 1 if it went home, else 0. */
    private static long releasesThrough(int guard) {
        int site = dev.autopool.runtime.Sites.register("T", "m", "T.java", 1, "test");
        long before = Pools.stats().releases();
        Pools.releaseIfValid(Pools.int1d(7, site), guard, site);
        return Pools.stats().releases() - before;
    }
}
