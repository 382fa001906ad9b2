package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.autopool.agent.rewrite.fixture.scope.Decoder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;

/** {@code new} arrays in an arrays scope are pooled exactly when their value comes home. */
class NewArrayRewriteTest {
    private static final String ARRAYS = "arrays dev.autopool.agent.rewrite.fixture.scope.** min-bytes=16k";
    private static final String LIFECYCLE = "lifecycle " + Decoder.class.getName() + "#close()";

    @Test
    void newArraysStoredInFieldsALifecycleMethodReleasesArePooled() throws Exception {
        Rewriting r = new Rewriting(ARRAYS, LIFECYCLE);
        r.rewrite(Decoder.class);
        Class<?> decoder = r.load(Decoder.class);
        Object d = decoder.getConstructor(int.class, int.class, int.class).newInstance(2, 3, 4);

        // coefficients (MULTIANEWARRAY of run-time dimensions: min-bytes is compared at run time) and big
        // (32 KiB) come home through close(); small is under min-bytes, ragged is a partial new and the scratch
        // array never comes home: they stay plain. (The constructor also names what each store replaces and binds
        // each field's value to the object as it returns: the "storedOver" and "stored" calls.)
        List<RecordingRuntime.Call> pooled = RecordingRuntime.CALLS.stream()
                .filter(c -> !c.method().startsWith("stored")).toList();
        assertEquals(List.of("float3dAtLeast", "int1d"), pooled.stream().map(RecordingRuntime.Call::method).toList());
        assertEquals("[2, 3, 4] min=16384", pooled.get(0).shape());
        assertSame(pooled.get(0).array(), field(decoder, "coefficients", d));
        assertEquals(16, ((int[]) field(decoder, "small", d)).length);
        assertEquals(List.of(), r.log);
    }

    private static Object field(Class<?> c, String name, Object o) throws ReflectiveOperationException {
        java.lang.reflect.Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }

    @Test
    void withoutAReleasePathEveryNewStaysPlain() {
        Rewriting r = new Rewriting(ARRAYS);
        assertNull(r.rewrite(Decoder.class));
        assertEquals(List.of(), r.sites);
    }

    @Test
    void theHomecomingDecisionIsPluggable() throws Exception {
        Rewriting r = new Rewriting(Rewrites.all(ArrayHomecoming.NONE.or((scope, method, insn) -> true), TestFactories.CLASS_PATH), ARRAYS);
        r.rewrite(Decoder.class);
        r.load(Decoder.class).getConstructor(int.class, int.class, int.class).newInstance(2, 3, 4);

        assertEquals(List.of("float3dAtLeast", "int1d", "float3dAtLeast"),
                RecordingRuntime.CALLS.stream().map(RecordingRuntime.Call::method).toList());
    }

    @Test
    void onlyArraysOfAKindPoolsHoldAreCandidates() {
        assertEquals("[[F", NewArrayRewrite.allocatedType(new MultiANewArrayInsnNode("[[F", 2)).getDescriptor());
        // Object, boolean and char arrays are no candidates, so audit lists no "plain" line for them.
        assertNull(NewArrayRewrite.allocatedType(new MultiANewArrayInsnNode("[[Ljava/lang/String;", 2)));
        assertNull(NewArrayRewrite.allocatedType(new MultiANewArrayInsnNode("[[Z", 2)));
        assertNull(NewArrayRewrite.allocatedType(new MultiANewArrayInsnNode("[[[C", 3)));
        assertNull(NewArrayRewrite.allocatedType(new MultiANewArrayInsnNode("[[[F", 2)), "a partial new");
    }
}
