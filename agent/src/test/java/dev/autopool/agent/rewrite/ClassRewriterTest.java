package dev.autopool.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.agent.rewrite.fixture.Caller;
import dev.autopool.agent.rewrite.fixture.Recycler;
import dev.autopool.agent.rewrite.fixture.Shapes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** The engine: which classes it looks at, and that a class it cannot rewrite well is left exactly as it was. */
class ClassRewriterTest {
    private static final String FACTORY = "factory " + Shapes.class.getName() + "#float3d(int,int,int)";

    @Test
    void onlyClassesWhoseConstantPoolNamesARuleOwnerAreSelected() {
        Rewriting r = new Rewriting(FACTORY, "arrays dev.autopool.agent.rewrite.fixture.scope.*");

        assertTrue(r.rewriter.selects(name(Caller.class), Rewriting.bytesOf(Caller.class)));
        assertFalse(r.rewriter.selects(name(Recycler.class), Rewriting.bytesOf(Recycler.class)));
        assertTrue(r.rewriter.selects("dev/autopool/agent/rewrite/fixture/scope/Anything", new byte[0]));
        assertFalse(r.rewriter.selects("dev/autopool/agent/rewrite/fixture/scope/deeper/Anything", new byte[0]));
    }

    @Test
    void aMethodThatWouldPass64KiBIsLeftAloneAndTheRestOfItsClassIsRewritten() {
        Rewriting r = new Rewriting(FACTORY);
        // 9300 calls of 7 bytes fit in 65,101 bytes; a pushed site id makes each at least 9.
        byte[] original = GeneratedClasses.withBigMethod("gen/Big", 9300);
        ClassRewriter.Result result = r.rewrite("gen.Big", original);

        assertEquals(1, result.sites().size(), "only small() is rewritten");
        assertEquals("small", result.sites().get(0).method());
        assertEquals(List.of("autopool REWRITE-SKIPPED gen.Big.big()V is left as it was: rewritten, its code would"
                + " pass the JVM's 64 KiB limit"), r.log);
        ClassNode node = new ClassNode();
        new ClassReader(result.classFile()).accept(node, 0);
        assertTrue(calls(node, "big").stream().allMatch(c -> c.owner.equals(name(Shapes.class))));
        assertTrue(calls(node, "small").stream().allMatch(c -> c.owner.equals(name(RecordingRuntime.class))));
    }

    @Test
    void aMethodWhoseLocalsWouldPassTheSlotLimitIsLeftAloneAndTheRestOfItsClassIsRewritten() {
        Rewriting r = new Rewriting(Rewrites.forSettings(dev.autopool.agent.config.Settings.NONE,
                TestFactories.CLASS_PATH), FACTORY);
        // 65535 slots is the most a class file can declare; the automatic release's hidden locals go after them.
        byte[] original = GeneratedClasses.withManyLocals("gen/Wide", 65535);
        ClassRewriter.Result result = r.rewrite("gen.Wide", original);

        assertTrue(result.sites().stream().allMatch(s -> s.method().equals("small")), "only small() is rewritten");
        assertEquals(List.of("autopool REWRITE-SKIPPED gen.Wide.wide()I is left as it was: rewritten, its locals (with"
                + " the agent's hidden ones) would pass the JVM's limit of 65535 slots"), r.log);
        ClassNode node = new ClassNode();
        new ClassReader(result.classFile()).accept(node, 0);
        MethodNode wide = node.methods.stream().filter(m -> m.name.equals("wide")).findFirst().orElseThrow();
        assertEquals(65535, wide.maxLocals);
        assertTrue(calls(node, "wide").stream().allMatch(c -> c.owner.equals(name(Shapes.class))));
    }

    @Test
    void aRewriteThatBreaksTheStackFailsTheWholeClassAndRegistersNothing() {
        MethodRewrite broken = (scope, method) -> {
            method.instructions.insert(new InsnNode(Opcodes.POP));
            return true;
        };
        List<MethodRewrite> rewrites = new ArrayList<>(Rewrites.all(ArrayHomecoming.NONE, TestFactories.CLASS_PATH));
        rewrites.add(broken);
        Rewriting r = new Rewriting(rewrites, FACTORY);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.rewrite(Caller.class));
        assertTrue(e.getMessage().contains("fails verification"), e::getMessage);
        assertEquals(List.of(), r.sites);
    }

    @Test
    void aClassFileAsmCannotReadFailsWithoutRegisteringAnything() {
        Rewriting r = new Rewriting(FACTORY);
        byte[] unreadable = GeneratedClasses.unreadableByAsm("gen/Old");

        assertTrue(r.rewriter.selects("gen/Old", unreadable));
        assertThrows(RuntimeException.class, () -> r.rewrite("gen.Old", unreadable));
        assertEquals(List.of(), r.sites);
    }

    private static List<MethodInsnNode> calls(ClassNode node, String method) {
        List<MethodInsnNode> out = new ArrayList<>();
        node.methods.stream().filter(m -> m.name.equals(method)).forEach(m -> m.instructions.forEach(i -> {
            if (i instanceof MethodInsnNode c) out.add(c);
        }));
        return out;
    }

    private static String name(Class<?> c) {
        return c.getName().replace('.', '/');
    }
}
