package dev.autopool.agent.analysis;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Super classes of classes named by internal name, read from class files, never by loading them: what frame
 * computation needs to merge two reference types.
 */
public interface TypeHierarchy {
    /** The super class's internal name, or null for {@code java/lang/Object}; throws when the class is unknown. */
    String superName(String internalName);

    boolean isInterface(String internalName);

    /**
     * Reads class headers from {@code classFiles} (internal name to bytes, null when absent); headers are cached
     * for the life of the returned hierarchy.
     */
    public static TypeHierarchy ofClassFiles(Function<String, byte[]> classFiles) {
        record Header(String superName, boolean isInterface) {}
        Map<String, Header> headers = new ConcurrentHashMap<>();
        return new TypeHierarchy() {
            @Override
            public String superName(String internalName) {
                return header(internalName).superName();
            }

            @Override
            public boolean isInterface(String internalName) {
                return header(internalName).isInterface();
            }

            private Header header(String internalName) {
                Header h = headers.get(internalName);
                if (h == null) {
                    byte[] bytes = classFiles.apply(internalName);
                    if (bytes == null) {
                        throw new IllegalStateException("cannot read the class file of " + internalName);
                    }
                    ClassReader r = new ClassReader(bytes);
                    h = new Header(r.getSuperName(), (r.getAccess() & Opcodes.ACC_INTERFACE) != 0);
                    headers.put(internalName, h);
                }
                return h;
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
