package dev.autopool.agent.analysis;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * What a callee summary reads of one class file: the class's name, access, super class and source file, and the
 * one method a call names. Every other method's code is skipped unread (the reader is handed no visitor for it),
 * so a summary costs one method's tree, not the class's.
 */
final class CalleeCode extends ClassVisitor {
    private final String methodName;
    private final String methodDesc;
    String name;
    int access;
    String superName;
    String sourceFile;
    /** The first method with the wanted name and descriptor, or null when the class declares none. */
    MethodNode method;

    private CalleeCode(String methodName, String methodDesc) {
        super(Opcodes.ASM9);
        this.methodName = methodName;
        this.methodDesc = methodDesc;
    }

    /** Reads {@code classFile}, keeping only method {@code methodName}{@code methodDesc} of it. */
    static CalleeCode read(byte[] classFile, String methodName, String methodDesc) {
        CalleeCode code = new CalleeCode(methodName, methodDesc);
        new ClassReader(classFile).accept(code, ClassReader.SKIP_FRAMES);
        return code;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
                      String[] interfaces) {
        this.access = access;
        this.name = name;
        this.superName = superName;
    }

    @Override
    public void visitSource(String source, String debug) {
        this.sourceFile = source;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                     String[] exceptions) {
        if (method != null || !name.equals(methodName) || !descriptor.equals(methodDesc)) {
            return null;
        }
        method = new MethodNode(Opcodes.ASM9, access, name, descriptor, signature, exceptions);
        return method;
    }
}
