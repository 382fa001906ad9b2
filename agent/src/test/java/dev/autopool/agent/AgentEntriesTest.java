package dev.autopool.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.instrument.Instrumentation;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/** Which defined classes are agents' entry classes: only those that can receive an {@code Instrumentation}. */
class AgentEntriesTest {
    @Test
    void aClassDeclaringAgentmainWithInstrumentationIsAnAgentEntry() {
        assertEquals("agentmain", AgentEntries.entryOf(classWith("agentmain", AgentEntries.ENTRY_DESCRIPTOR, true)));
        assertEquals("premain", AgentEntries.entryOf(classWith("premain", AgentEntries.ENTRY_DESCRIPTOR, true)));
    }

    @Test
    void anEntryWithoutInstrumentationAnInstanceMethodOrAMereMentionIsNot() {
        // The JDK's management agent declares agentmain(String): it cannot add a transformer.
        assertNull(AgentEntries.entryOf(classWith("agentmain", "(Ljava/lang/String;)V", true)));
        assertNull(AgentEntries.entryOf(classWith("agentmain", AgentEntries.ENTRY_DESCRIPTOR, false)));
        assertNull(AgentEntries.entryOf(classWith("install", AgentEntries.ENTRY_DESCRIPTOR, true)));
    }

    @Test
    void anOrdinaryClassIsNotEvenWhenItNamesTheDescriptor() throws Exception {
        // This class has the descriptor in its constant pool (the inlined constant above), but no such entry.
        try (var in = AgentEntriesTest.class.getResourceAsStream("AgentEntriesTest.class")) {
            assertNull(AgentEntries.entryOf(in.readAllBytes()));
        }
    }

    @SuppressWarnings("unused")
    private static void mentionsInstrumentation(Instrumentation inst) {
        // keeps the Instrumentation type in this class's constant pool, as many ordinary classes have it
    }

    private static byte[] classWith(String method, String descriptor, boolean isStatic) {
        ClassWriter w = new ClassWriter(0);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "com/acme/SomeAgent", null, "java/lang/Object", null);
        w.visitMethod(Opcodes.ACC_PUBLIC | (isStatic ? Opcodes.ACC_STATIC : 0)
                | Opcodes.ACC_NATIVE, method, descriptor, null, null).visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }
}
