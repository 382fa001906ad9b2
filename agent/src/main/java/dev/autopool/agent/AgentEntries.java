package dev.autopool.agent;

import java.nio.charset.StandardCharsets;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Recognises an agent's entry class among the classes defined while autopool runs: one that declares a static
 * {@code agentmain(String, Instrumentation)} or {@code premain(String, Instrumentation)}. The JVM defines that class
 * (through the transformers, autopool's included) before it calls the entry, so an agent attached at run time
 * (the Attach API, {@code jcmd JVMTI.agent_load} of a Java agent, an executable jar's {@code Launcher-Agent-Class},
 * byte-buddy-agent's self-attach) is seen before it can add a transformer, which would run after autopool's and
 * could change classes at their definition with no event autopool sees. Only the forms with an
 * {@code Instrumentation} count: an entry without one (the JDK's own management agent) cannot add a transformer.
 */
final class AgentEntries {
    /** The descriptor both entries have when they receive an {@code Instrumentation}. */
    static final String ENTRY_DESCRIPTOR = "(Ljava/lang/String;Ljava/lang/instrument/Instrumentation;)V";
    private static final byte[] NEEDLE = ENTRY_DESCRIPTOR.getBytes(StandardCharsets.US_ASCII);

    private AgentEntries() {}

    /**
     * The entry {@code bytes} declare ({@code "agentmain"} or {@code "premain"}), or null. A plain byte search
     * for the entry's descriptor first, so an ordinary class costs one pass over its bytes and no parsing.
     */
    static String entryOf(byte[] bytes) {
        if (bytes == null || !contains(bytes, NEEDLE)) {
            return null;
        }
        String[] found = new String[1];
        try {
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    if ((access & Opcodes.ACC_STATIC) != 0 && ENTRY_DESCRIPTOR.equals(descriptor)
                            && (name.equals("agentmain") || name.equals("premain"))) {
                        found[0] = name;
                    }
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        } catch (RuntimeException e) {
            return "agentmain"; // it names the entry's descriptor and cannot be read: assume the worst
        }
        return found[0];
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) continue;
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }
}
