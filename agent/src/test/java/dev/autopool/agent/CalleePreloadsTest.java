package dev.autopool.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Which awaited names a class's own code names, and so may be loaded through that class's loader. */
class CalleePreloadsTest {
    @Test
    void aClassNamesTheClassesItCallsButNotThoseWhoseNameIsOnlyAPrefixOrPartOfAnother() {
        byte[] caller = callerOf("com/acme/Helper");
        assertTrue(CalleePreloads.names(caller, "com/acme/Helper"));
        assertFalse(CalleePreloads.names(caller, "com/acme/Help"));
        assertFalse(CalleePreloads.names(caller, "acme/Helper"));
        assertFalse(CalleePreloads.names(caller, "com/acme/Other"));
    }

    private static byte[] callerOf(String callee) {
        ClassWriter w = new ClassWriter(0);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "com/acme/Caller", null, "java/lang/Object", null);
        MethodVisitor m = w.visitMethod(Opcodes.ACC_STATIC, "run", "()V", null, null);
        m.visitCode();
        m.visitMethodInsn(Opcodes.INVOKESTATIC, callee, "use", "()V", false);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }
}
