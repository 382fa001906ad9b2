package dev.autopool.runtime.internal;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Whether a virtual call ran the body a {@code release} rule names, or an override of it. A rule on
 * {@code Cache#give} vouches for {@code Cache.give} only: a subclass's {@code give} may keep the array, so after a
 * call that dispatched to one the array must not go home. Answers are cached per receiver class (weakly, through
 * {@link ClassValue}); anything reflection cannot answer counts as an override.
 */
public final class DeclaredBodies {
    private static final ClassValue<ConcurrentMap<String, Boolean>> ANSWERS = new ClassValue<>() {
        @Override
        protected ConcurrentMap<String, Boolean> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>(4);
        }
    };

    private DeclaredBodies() {}

    /**
     * Whether calling {@code nameAndDescriptor} (e.g. {@code give([[F)V}) on an instance of {@code receiver}
     * runs the body {@code declaring} declares: no class from {@code receiver} up to (not including) {@code declaring}
     * declares an instance method of that name and descriptor.
     */
    public static boolean runs(Class<?> receiver, Class<?> declaring, String nameAndDescriptor) {
        if (receiver == declaring) return true;
        ConcurrentMap<String, Boolean> answers = ANSWERS.get(receiver);
        String key = declaring.getName() + ' ' + nameAndDescriptor;
        Boolean known = answers.get(key);
        if (known == null) {
            known = resolve(receiver, declaring, nameAndDescriptor);
            answers.put(key, known);
        }
        return known;
    }

    private static boolean resolve(Class<?> receiver, Class<?> declaring, String nameAndDescriptor) {
        int paren = nameAndDescriptor.indexOf('(');
        String name = nameAndDescriptor.substring(0, paren);
        String descriptor = nameAndDescriptor.substring(paren);
        try {
            for (Class<?> c = receiver; c != declaring; c = c.getSuperclass()) {
                if (c == null) return false; // not a subclass (an interface's method): no one body to vouch for
                for (Method m : c.getDeclaredMethods()) {
                    if (m.getName().equals(name) && !Modifier.isStatic(m.getModifiers())
                            && MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                                    .toMethodDescriptorString().equals(descriptor)) {
                        return false;
                    }
                }
            }
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false; // a class that cannot be reflected on: not proven
        }
    }
}
