package dev.autopool.agent.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.autopool.agent.analysis.fixtures.Factories;
import dev.autopool.agent.analysis.fixtures.Initialised;
import dev.autopool.agent.analysis.fixtures.InitialisedBySuper;
import dev.autopool.agent.analysis.fixtures.InitialisedQuietly;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/** What a factory body may do for its calls to be served from the pool, and how each refusal is worded. */
class FactoryBodyCheckTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "plain3d, 0;1;2",
            "viaLocal, 0",
            "rowLoop, 0;1",
            "rowLoopByLength, 0;1;2",
            "swapped, 1;0"})
    void aBodyThatOnlyAllocatesFromItsParametersPasses(String method, String dims) {
        assertNull(check(Factories.class, method, dims(dims)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ones            | 0;1 | does more than allocate: it calls java.util.Arrays.fill at Factories.java:40",
            "onesByHand      | 0;1 | does more than allocate: it writes into the array at Factories.java:49",
            "padded          | 0;1 | does more than allocate: it sizes its new float[][] from something other than its"
                    + " int parameters, at Factories.java:56",
            "swapped         | 0;1 | allocates float[][] from parameters 1,0 (outermost first), but the rule takes the"
                    + " dimensions from parameters 0,1 (set dims=1,0 if that is what is meant)",
            "counted         | 0;1 | does more than allocate: it writes the field Factories.calls at Factories.java:64",
            "halfRows        | 0;1 | does more than allocate: it fills the rows in a way the agent cannot follow, at"
                    + " Factories.java:71",
            "nullRows        | 0;1 | does more than allocate: it leaves rows of its new float[][] empty (null), at"
                    + " Factories.java:77",
            "sharedRow       | 0;1 | does more than allocate: it fills the rows in a way the agent cannot follow, at"
                    + " Factories.java:84",
            "eitherWay       | 0;1 | does more than allocate: it returns one of several arrays at Factories.java:93",
            "locked          | 0;1 | does more than allocate: it is synchronized (a pooled call would not take its"
                    + " class's lock)",
            "divides         | 0;1 | does more than allocate: it divides, which may throw ArithmeticException at"
                    + " Factories.java:105",
            "castsTag        | 0;1 | does more than allocate: it casts a value it did not allocate, which may throw"
                    + " at Factories.java:110",
            "lengthOfParameter | 0;1 | does more than allocate: it takes the length of an array it did not allocate,"
                    + " which may throw at Factories.java:115",
            "readsOtherClass | 0;1 | does more than allocate: it reads the field Initialised.PAD, which initialises"
                    + " dev.autopool.agent.analysis.fixtures.Initialised at Factories.java:120",
            "allocatesAnother | 0;1 | does more than allocate: it allocates another array at Factories.java:125"})
    void aBodyThatDoesMoreIsNamedWithItsLine(String method, String dims, String expected) {
        assertEquals(expected, check(Factories.class, method, dims(dims)));
    }

    @Test
    void aRowLoopWithRowsFromTheWrongParameterIsADimsMismatch() {
        assertEquals("allocates float[][] from parameters 0,1 (outermost first), but the rule takes the dimensions"
                + " from parameters 1,0 (set dims=0,1 if that is what is meant)",
                check(Factories.class, "rowLoop", dims("1;0")));
    }

    @Test
    void aClassInitializerAPooledCallWouldSkipIsRefused() {
        assertEquals("its class dev.autopool.agent.analysis.fixtures.Initialised has a static initializer that calls"
                + " java.io.PrintStream.println at Initialised.java:6, which a pooled call would no longer run",
                check(Initialised.class, "make", dims("0")));
    }

    @Test
    void aClassWhoseInitializationAPooledCallWouldSkipIsRefused() {
        assertEquals("its class dev.autopool.agent.analysis.fixtures.InitialisedBySuper extends"
                + " dev.autopool.agent.analysis.fixtures.InitialisedBase, whose static initializer a pooled"
                + " call would no longer run", check(InitialisedBySuper.class, "make", dims("0")));
        assertEquals("its class dev.autopool.agent.analysis.fixtures.InitialisedQuietly$ReadsAnother has a static"
                + " initializer that reads the field Initialised.PAD, which initialises"
                + " dev.autopool.agent.analysis.fixtures.Initialised at InitialisedQuietly.java:17, which a pooled"
                + " call would no longer run", check(InitialisedQuietly.ReadsAnother.class, "make", dims("0")));
        assertEquals("its class dev.autopool.agent.analysis.fixtures.InitialisedQuietly$Divides has a static"
                + " initializer that divides, which may throw ArithmeticException at InitialisedQuietly.java:29,"
                + " which a pooled call would no longer run", check(InitialisedQuietly.Divides.class, "make",
                dims("0")));
    }

    @Test
    void aClassInitializerThatOnlySetsItsOwnFieldsIsNoObstacle() {
        assertNull(check(InitialisedQuietly.class, "make", dims("0")));
    }

    @Test
    void anInstanceMethodIsNoFactory() {
        assertEquals("is not a static method with code returning an array",
                check(Factories.class, "<init>", new int[0]));
    }

    private static String check(Class<?> owner, String name, int[] dims) {
        ClassNode node = classNode(owner);
        for (MethodNode m : node.methods) {
            if (m.name.equals(name)) return FactoryBodyCheck.check(node, m, dims);
        }
        throw new AssertionError("no method " + name);
    }

    private static int[] dims(String list) {
        return java.util.Arrays.stream(list.split(";")).mapToInt(Integer::parseInt).toArray();
    }

    static ClassNode classNode(Class<?> c) {
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            ClassNode node = new ClassNode();
            new ClassReader(in.readAllBytes()).accept(node, 0);
            return node;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
