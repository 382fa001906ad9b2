package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.autopool.agent.rewrite.fixture.SameLine;
import dev.autopool.agent.rewrite.fixture.Shapes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sites of one method and rule that share a source line are numbered in bytecode order, so each gets a JMX bean
 * of its own; a site alone on its line has no number. The numbers come from the class file alone: the same class
 * rewritten again (another loader) numbers alike.
 */
class SiteOrdinalsTest {
    private static final String RULE = "factory " + Shapes.class.getName() + "#float1d(int)";

    @Test
    void twoSitesOnOneLineAreNumberedInBytecodeOrderAndALoneSiteIsNot() throws Exception {
        Rewriting r = new Rewriting(RULE);
        r.rewrite(SameLine.class);
        r.load(SameLine.class).getMethod("pair").invoke(null);

        List<RecordingRuntime.Call> calls = RecordingRuntime.CALLS;
        assertEquals(List.of("[5]", "[7]", "[9]"), calls.stream().map(RecordingRuntime.Call::shape).toList());
        SiteInfo first = r.sites.get(calls.get(0).site());
        SiteInfo second = r.sites.get(calls.get(1).site());
        SiteInfo alone = r.sites.get(calls.get(2).site());
        assertEquals(first.line(), second.line(), "the fixture puts both calls on one line");
        assertEquals(1, first.ordinal());
        assertEquals(2, second.ordinal());
        assertEquals(first.line() + 1, alone.line());
        assertEquals(0, alone.ordinal());
    }

    @Test
    void theSameClassRewrittenAgainNumbersItsSitesAlike() {
        Rewriting once = new Rewriting(RULE);
        once.rewrite(SameLine.class);
        Rewriting again = new Rewriting(RULE);
        again.rewrite(SameLine.class);

        assertEquals(once.sites, again.sites);
        assertNotEquals(once.sites.get(0), once.sites.get(1));
    }
}
