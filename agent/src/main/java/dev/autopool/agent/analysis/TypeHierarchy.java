package dev.autopool.agent.analysis;

import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

/**
 * Super classes of classes named by internal name, read from class files (a ByteBuddy {@link TypePool}), never
 * by loading them: what frame computation needs to merge two reference types.
 */
public interface TypeHierarchy {
    /** The super class's internal name, or null for {@code java/lang/Object}; throws when the class is unknown. */
    String superName(String internalName);

    boolean isInterface(String internalName);

    static TypeHierarchy of(TypePool pool) {
        return new TypeHierarchy() {
            @Override
            public String superName(String internalName) {
                TypeDescription.Generic s = describe(internalName).getSuperClass();
                return s == null ? null : s.asErasure().getInternalName();
            }

            @Override
            public boolean isInterface(String internalName) {
                return describe(internalName).isInterface();
            }

            private TypeDescription describe(String internalName) {
                TypePool.Resolution r = pool.describe(internalName.replace('/', '.'));
                if (!r.isResolved()) {
                    throw new IllegalStateException("cannot read the class file of " + internalName);
                }
                return r.resolve();
            }
        };
    }

    /** The most specific common super class, as the verifier sees it (interfaces merge to Object). */
    default String commonSuperClass(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if (isInterface(a) || isInterface(b)) {
            return "java/lang/Object";
        }
        Set<String> supersOfA = new HashSet<>();
        for (String c = a; c != null; c = superName(c)) {
            supersOfA.add(c);
        }
        for (String c = b; c != null; c = superName(c)) {
            if (supersOfA.contains(c)) {
                return c;
            }
        }
        return "java/lang/Object";
    }
}
