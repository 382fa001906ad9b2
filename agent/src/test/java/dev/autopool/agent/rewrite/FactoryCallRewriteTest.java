package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.agent.rewrite.fixture.Caller;
import dev.autopool.agent.rewrite.fixture.Shapes;
import dev.autopool.runtime.Sites;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Factory calls of every element type and rank go to the runtime, with a site naming the caller. */
class FactoryCallRewriteTest {
    static final String SHAPES = Shapes.class.getName();
    static final List<String> NAMES = List.of("float1d", "float2d", "float3d", "float4d", "double3d", "int2d",
            "long1d", "short2d", "byte1d");

    static String factoryRule(String name) {
        int rank = name.charAt(name.length() - 2) - '0';
        String params = Stream.generate(() -> "int").limit(rank).collect(Collectors.joining(","));
        return "factory " + SHAPES + "#" + name + "(" + params + ")";
    }

    static String[] allFactoryRules(String... extra) {
        return Stream.concat(NAMES.stream().map(FactoryCallRewriteTest::factoryRule), Stream.of(extra))
                .toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"float1d", "float2d", "float3d", "float4d", "double3d", "int2d", "long1d", "short2d",
            "byte1d"})
    void aFactoryCallIsServedByTheRuntimeWithTheSameShape(String name) throws Exception {
        Rewriting r = new Rewriting(allFactoryRules());
        r.rewrite(Caller.class);
        Object plain = Caller.class.getMethod(name).invoke(null);
        Object pooled = r.load(Caller.class).getMethod(name).invoke(null);

        assertEquals(1, RecordingRuntime.CALLS.size(), RecordingRuntime.CALLS::toString);
        RecordingRuntime.Call call = RecordingRuntime.CALLS.get(0);
        assertEquals(name, call.method());
        assertSame(call.array(), pooled);
        assertEquals(plain.getClass(), pooled.getClass());
        assertEquals(java.lang.reflect.Array.getLength(plain), java.lang.reflect.Array.getLength(pooled));
        SiteInfo site = r.sites.get(call.site());
        assertEquals(Caller.class.getName(), site.className());
        assertEquals(name, site.method());
        assertEquals("Caller.java", site.file());
        assertTrue(site.line() > 0);
        assertEquals("test.conf:" + (NAMES.indexOf(name) + 1), site.rule());
        assertEquals(0, site.flags());
    }

    @Test
    void anArgumentMapTakesTheDimensionsFromOtherParametersInTheGivenOrder() throws Exception {
        Rewriting r = new Rewriting("factory " + SHAPES + "#image(java.lang.String,int,int) dims=2,1");
        r.rewrite(Caller.class);
        float[][] image = (float[][]) r.load(Caller.class).getMethod("image").invoke(null);

        assertEquals("float2d", RecordingRuntime.CALLS.get(0).method());
        assertEquals("[6, 8]", RecordingRuntime.CALLS.get(0).shape());
        assertEquals(6, image.length);
        assertEquals(8, image[0].length);
    }

    @Test
    void aCallWaitingForItsFactorysBodyStaysPlainAndNotesItsResult() throws Exception {
        FactoryGate notYet = (loader, caller, rule) -> FactoryGate.Admission.notYet("its class is not defined yet");
        Rewriting r = new Rewriting(Rewrites.all(Rewrites.homecoming(), notYet), factoryRule("float2d"));
        r.rewrite(Caller.class);
        Object made = r.load(Caller.class).getMethod("float2d").invoke(null);

        assertEquals(List.of("madeByPendingFactory"),
                RecordingRuntime.CALLS.stream().map(RecordingRuntime.Call::method).toList());
        assertSame(made, RecordingRuntime.CALLS.get(0).array(), "the factory's own result, noted");
        assertEquals(List.of(), r.sites, "no borrow site: the call is the app's until the class is rewritten again");
    }

    @Test
    void zeroFalseMarksTheSite() {
        Rewriting r = new Rewriting(factoryRule("float3d") + " zero=false");
        r.rewrite(Caller.class);

        assertTrue(r.sites.stream().allMatch(s -> s.flags() == Sites.NO_ZERO), r.sites::toString);
    }

    @Test
    void aFactoryOfAShapeTheRuntimeCannotPoolIsLeftAloneWithOneLine() throws Exception {
        Rewriting r = new Rewriting("factory " + SHAPES + "#chars(int)");
        assertNull(r.rewrite(Caller.class));
        assertEquals(3, ((char[]) r.load(Caller.class).getMethod("chars").invoke(null)).length);
        assertEquals(1, r.log.size(), r.log::toString);
        assertTrue(r.log.get(0).startsWith("autopool RULE test.conf:1: factory"), r.log::toString);
        assertEquals(List.of(), r.usage.unmatched(), "a rule that found its calls is not reported as unmatched");
    }

    @Test
    void aShapeTheRuntimeLacksIsNamedInTheOneLine() throws Exception {
        Rewriting r = new Rewriting("factory " + SHAPES + "#int3d(int,int,int)");
        assertNull(r.rewrite(Caller.class));
        assertEquals(List.of("autopool RULE test.conf:1: factory " + SHAPES + "#int3d(int,int,int): the runtime has"
                + " no " + RecordingRuntime.class.getName() + ".int3d for int[][][]; calls are left as they are"),
                r.log);
    }

    @Test
    void callsInsideExpressionsAndLoopsKeepTheirResults() throws Exception {
        Rewriting r = new Rewriting(allFactoryRules("release " + SHAPES + "#free(java.lang.Object)"));
        r.rewrite(Caller.class);
        double plain = Caller.sumOfFreshMatrices(4);
        double pooled = (double) r.load(Caller.class).getMethod("sumOfFreshMatrices", int.class).invoke(null, 4);

        assertEquals(plain, pooled);
        List<String> calls = RecordingRuntime.CALLS.stream().map(RecordingRuntime.Call::method).toList();
        assertEquals(4, calls.stream().filter("float3d"::equals).count(), calls::toString);
        assertEquals(4, calls.stream().filter("float2d"::equals).count(), calls::toString);
        assertEquals(4, calls.stream().filter("release"::equals).count(), calls::toString);
        assertArrayEquals(new String[0], r.log.toArray(new String[0]));
    }

    @Test
    void aRowLoopFactoryThrowsWhatItsBodyThrowsWhenTheOuterSizeIsZero() throws Exception {
        String owner = dev.autopool.agent.analysis.fixtures.Factories.class.getName();
        Rewriting r = new Rewriting("factory " + owner + "#rowLoop(int,int)",
                "factory " + dev.autopool.agent.rewrite.fixture.RowLoops.class.getName() + "#cube(int,int,int)");
        r.rewrite(dev.autopool.agent.rewrite.fixture.FactoriesCaller.class);
        Class<?> caller = r.load(dev.autopool.agent.rewrite.fixture.FactoriesCaller.class);
        java.lang.reflect.Method rows = caller.getMethod("rowsOf", int.class, int.class);
        java.lang.reflect.Method cubes = caller.getMethod("cubeOf", int.class, int.class, int.class);

        // No row is made, so a negative row size is never checked: the body returns an empty matrix.
        assertEquals(0, ((float[][]) rows.invoke(null, 0, -1)).length);
        assertEquals(0, ((float[][][]) cubes.invoke(null, 0, -1, 5)).length);
        assertEquals(0, ((float[][][]) cubes.invoke(null, 0, 5, Integer.MIN_VALUE)).length);
        // With rows to make, the first one throws, as the body's does.
        for (Object[] args : List.of(new Object[] {2, -1}, new Object[] {-1, 3}, new Object[] {Integer.MIN_VALUE, 0})) {
            java.lang.reflect.InvocationTargetException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.lang.reflect.InvocationTargetException.class, () -> rows.invoke(null, args));
            assertEquals(NegativeArraySizeException.class, e.getCause().getClass());
        }
        assertEquals(3, ((float[][]) rows.invoke(null, 2, 3))[1].length);
        assertEquals(List.of(), r.log);
        assertEquals(List.of("[0, 0]", "[0, 0, 0]", "[0, 0, 0]", "[2, 3]"), RecordingRuntime.CALLS.stream()
                .map(RecordingRuntime.Call::shape).toList());
    }

    @Test
    void aFactoryWhoseBodyDoesMoreThanAllocateIsRefusedWithOneLineAndItsCallsStayAsTheyAre() throws Exception {
        String owner = dev.autopool.agent.analysis.fixtures.Factories.class.getName();
        Rewriting r = new Rewriting("factory " + owner + "#ones(int,int)", "factory " + owner + "#rowLoop(int,int)");
        r.rewrite(dev.autopool.agent.rewrite.fixture.FactoriesCaller.class);
        Class<?> caller = r.load(dev.autopool.agent.rewrite.fixture.FactoriesCaller.class);

        assertEquals(1f, ((float[][]) caller.getMethod("ones").invoke(null))[1][2]);
        assertEquals(List.of(), RecordingRuntime.CALLS);
        caller.getMethod("rows").invoke(null);
        assertEquals(List.of("float2d"), RecordingRuntime.CALLS.stream().map(RecordingRuntime.Call::method).toList());
        assertEquals(List.of("autopool RULE test.conf:1: factory " + owner + "#ones(int,int): does more than allocate:"
                + " it calls java.util.Arrays.fill at Factories.java:40; calls are left as they are"), r.log);
    }
}
