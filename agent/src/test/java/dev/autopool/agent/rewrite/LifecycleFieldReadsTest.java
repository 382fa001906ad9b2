package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A {@code new} stored into a lifecycle field stays plain when anything can keep the array past the lifecycle. */
class LifecycleFieldReadsTest {
    private static final String PKG = "dev.autopool.agent.rewrite.fixture.kept.";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Getter   | field Getter.px is returned by Getter.pixels() at Getter.java:7",
            "Shared   | field Shared.px is not private, so other classes may read it",
            "Stored   | field Stored.px escapes from Stored.keep(): stored to static field `Stored.kept` at Stored.java:7",
            "Open     | Open is not final: a subclass may be Cloneable (Object.clone copies field px)",
            "Copyable | Copyable is Cloneable (Object.clone copies field px)",
            "Written  | Written is Serializable: serialization reads its fields unseen, and a stream keeps every array"
                    + " it wrote",
            "Peeked   | Peeked calls MethodHandles.lookup in Peeked.handle(), which may read or write its private fields"
                    + " unseen (a VarHandle, MethodHandle or Field)",
            "Handed   | field Handed.px escapes from Handed.total(): passed to Sum.of at Handed.java:8, which is in"
                    + " dev.autopool.agent.rewrite.fixture.kept.Sum, which this check does not follow (a lifecycle"
                    + " field's reads are judged on its class's own bytes alone)",
            "Reflected | Reflected calls Class.getDeclaredField in Reflected.peek(), which may read or write its private"
                    + " fields unseen (a VarHandle, MethodHandle or Field)"})
    void aFieldSomethingCanKeepStaysPlainAndTheRuleSaysWhy(String name, String why) throws Exception {
        Rewriting r = new Rewriting("arrays " + PKG + "** min-bytes=16k", "lifecycle " + PKG + name + "#close()");
        r.rewrite(PKG + name, Rewriting.bytesOf(Class.forName(PKG + name)));

        assertEquals(List.of(), RecordingRuntime.CALLS);
        assertEquals(List.of("autopool RULE test.conf:1: arrays " + PKG + "**: stays plain: " + why + " (a new array"
                + " stored there is pooled only if nothing can keep it past the lifecycle method)"), r.log);
        assertNull(r.sites.stream().filter(s -> s.action().startsWith("borrow")).findAny().orElse(null));
    }
}
