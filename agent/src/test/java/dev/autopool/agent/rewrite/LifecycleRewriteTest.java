package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autopool.agent.rewrite.fixture.Frame;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a lifecycle method returns, the object's primitive-array fields are offered back; the fields stay. */
class LifecycleRewriteTest {
    private static final String RULE = "lifecycle " + Frame.class.getName() + "#close()";

    @Test
    void everyNormalReturnOffersEachArrayFieldBack() throws Exception {
        Rewriting r = new Rewriting(RULE);
        r.rewrite(Frame.class);
        Class<?> frameClass = r.load(Frame.class);
        Object frame = frameClass.getConstructor().newInstance();
        Object planes = frameClass.getField("planes").get(frame);
        Object counts = frameClass.getField("counts").get(frame);
        RecordingRuntime.CALLS.removeIf(c -> !c.method().startsWith("release"));

        frameClass.getMethod("close").invoke(frame);
        assertEquals(List.of("releaseFrom", "releaseFrom"),
                RecordingRuntime.CALLS.stream().map(RecordingRuntime.Call::method).toList());
        assertSame(planes, RecordingRuntime.CALLS.get(0).array());
        assertSame(counts, RecordingRuntime.CALLS.get(1).array());
        assertEquals("Frame", RecordingRuntime.CALLS.get(0).shape(), "the holder is the closing object");
        assertSame(planes, frameClass.getField("planes").get(frame), "field values are left as they were");

        frameClass.getMethod("close").invoke(frame); // the early return is an exit too
        assertEquals(4, RecordingRuntime.CALLS.size());
        assertEquals(List.of("release field planes", "release field counts"),
                r.sites.stream().map(SiteInfo::action).sorted(java.util.Comparator.reverseOrder()).toList());
        assertEquals(List.of("Frame.java"), r.sites.stream().map(SiteInfo::file).distinct().toList());
        assertEquals(true, r.sites.stream().allMatch(s -> s.line() > 0), r.sites::toString);
    }

    @Test
    void theConstructorAndEveryStoreIntoAReleasedFieldBindTheLoanToTheObject() throws Exception {
        Rewriting r = new Rewriting(RULE);
        r.rewrite(Frame.class);
        Class<?> frameClass = r.load(Frame.class);
        Object frame = frameClass.getConstructor().newInstance();
        Object planes = frameClass.getField("planes").get(frame);
        Object counts = frameClass.getField("counts").get(frame);

        assertEquals(List.of("stored", "stored"), RecordingRuntime.CALLS.stream()
                .map(RecordingRuntime.Call::method).filter(m -> !m.equals("float2d")).toList());
        assertEquals(java.util.Set.of(planes, counts), RecordingRuntime.CALLS.stream()
                .filter(c -> c.method().equals("stored")).map(RecordingRuntime.Call::array)
                .collect(java.util.stream.Collectors.toSet()));
        RecordingRuntime.reset();

        float[][] other = new float[2][2];
        frameClass.getMethod("replacePlanes", float[][].class).invoke(frame, (Object) other);
        assertEquals(1, RecordingRuntime.CALLS.size());
        assertEquals("stored", RecordingRuntime.CALLS.get(0).method());
        assertSame(other, RecordingRuntime.CALLS.get(0).array());
        assertSame(other, frameClass.getField("planes").get(frame), "the store itself still happens");
    }

    @Test
    void anExceptionalExitReleasesNothing() throws Exception {
        Rewriting r = new Rewriting(RULE);
        r.rewrite(Frame.class);
        Class<?> frameClass = r.load(Frame.class);
        Object frame = frameClass.getConstructor().newInstance();
        frameClass.getField("fail").set(frame, true);
        RecordingRuntime.reset();

        assertThrows(InvocationTargetException.class, () -> frameClass.getMethod("close").invoke(frame));
        assertEquals(List.of(), RecordingRuntime.CALLS);
    }

    @Test
    void aLifecycleRuleNamingAMissingMethodSaysSoWhenTheClassLoads() {
        Rewriting r = new Rewriting("lifecycle " + Frame.class.getName() + "#dispose()");
        r.rewrite(Frame.class);

        assertEquals(1, r.log.size(), r.log::toString);
        assertEquals("autopool RULE test.conf:1: lifecycle " + Frame.class.getName() + "#dispose(): "
                + Frame.class.getName() + " has no method dispose(); check the name and the parameter types",
                r.log.get(0));
    }
}
