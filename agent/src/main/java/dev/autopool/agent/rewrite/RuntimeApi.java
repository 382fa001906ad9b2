package dev.autopool.agent.rewrite;

import dev.autopool.runtime.Pools;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.objectweb.asm.Type;

/**
 * The runtime methods rewritten code may call: {@code <element><rank>d(dims..., site)}, {@code release(Object,
 * site)} and {@code releaseIfBorrowed(Object, site)} on {@link Pools}. Only methods the runtime really has are
 * offered, so a rewrite can never produce a call that fails to link. Tests point it at a recording stand-in.
 */
public final class RuntimeApi {
    private final Class<?> owner;
    private final String ownerName;

    public RuntimeApi(Class<?> owner) {
        this.owner = owner;
        this.ownerName = Type.getInternalName(owner);
    }

    public static RuntimeApi pools() {
        return new RuntimeApi(Pools.class);
    }

    /** The internal name of the class rewritten code calls. */
    public String owner() {
        return ownerName;
    }

    /** The pooled factory returning {@code arrayType} (a primitive array of rank 1-4), or null if none fits. */
    public Target factory(Type arrayType) {
        if (arrayType.getSort() != Type.ARRAY || arrayType.getDimensions() > 4) return null;
        Type element = arrayType.getElementType();
        if (element.getSort() < Type.BYTE || element.getSort() > Type.DOUBLE || element.getSort() == Type.CHAR) {
            return null;
        }
        int rank = arrayType.getDimensions();
        Type[] params = new Type[rank + 1];
        Arrays.fill(params, Type.INT_TYPE);
        return find(element.getClassName() + rank + "d", Type.getMethodDescriptor(arrayType, params));
    }

    /** {@code release(Object, int)}. */
    public Target release() {
        return find("release", "(Ljava/lang/Object;I)V");
    }

    /** {@code releaseIfBorrowed(Object, int)}. */
    public Target releaseIfBorrowed() {
        return find("releaseIfBorrowed", "(Ljava/lang/Object;I)V");
    }

    private Target find(String name, String descriptor) {
        for (Method m : owner.getMethods()) {
            if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers())
                    && Type.getMethodDescriptor(m).equals(descriptor)) {
                return new Target(ownerName, name, descriptor);
            }
        }
        return null;
    }

    /** A static runtime method: owner, name, descriptor. */
    public record Target(String owner, String name, String descriptor) {
        /** The call instruction. */
        public org.objectweb.asm.tree.MethodInsnNode call() {
            return new org.objectweb.asm.tree.MethodInsnNode(org.objectweb.asm.Opcodes.INVOKESTATIC, owner, name,
                    descriptor, false);
        }
    }
}
