package dev.autopool.agent.rewrite;

import dev.autopool.runtime.Pools;
import java.util.Arrays;
import org.objectweb.asm.Type;

/**
 * The runtime method a rewritten call lands on: {@code Pools.<element><rank>d(dims..., site)} for a factory,
 * {@code Pools.release(Object, site)} for a release. Only targets the runtime really has are offered, so a
 * rewrite can never produce a call that fails to link.
 */
record RuntimeTarget(String name, String descriptor) {
    static final String OWNER = Type.getInternalName(Pools.class);

    /** The pooled factory for a call returning {@code returnType} from int dimensions, or null if none fits. */
    static RuntimeTarget factory(Type methodType) {
        Type ret = methodType.getReturnType();
        if (ret.getSort() != Type.ARRAY || ret.getElementType().getSort() > Type.DOUBLE
                || ret.getElementType().getSort() < Type.BYTE) {
            return null;
        }
        int rank = ret.getDimensions();
        Type[] params = methodType.getArgumentTypes();
        if (params.length != rank || !Arrays.stream(params).allMatch(Type.INT_TYPE::equals)) {
            return null;
        }
        String name = ret.getElementType().getClassName() + rank + "d";
        Class<?>[] runtimeParams = new Class<?>[rank + 1];
        Arrays.fill(runtimeParams, int.class);
        if (!exists(name, runtimeParams)) {
            return null;
        }
        Type[] withSite = Arrays.copyOf(params, rank + 1);
        withSite[rank] = Type.INT_TYPE;
        return new RuntimeTarget(name, Type.getMethodDescriptor(ret, withSite));
    }

    /** The pooled release for a static {@code void m(array)} call, or null when the call has another shape. */
    static RuntimeTarget release(Type methodType) {
        Type[] params = methodType.getArgumentTypes();
        if (params.length != 1 || methodType.getReturnType() != Type.VOID_TYPE
                || (params[0].getSort() != Type.ARRAY && params[0].getSort() != Type.OBJECT)) {
            return null;
        }
        return new RuntimeTarget("release", "(Ljava/lang/Object;I)V");
    }

    private static boolean exists(String name, Class<?>[] params) {
        try {
            Pools.class.getMethod(name, params);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
