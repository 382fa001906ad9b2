package dev.autopool.runtime.internal;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Whether a call ran the body a {@code release} rule names. A rule on {@code Cache#give} vouches for the
 * {@code give} that {@code Cache} declares, and for nothing else: not an inherited one ({@code Cache} declares none,
 * the call runs a superclass's or an interface's default body), and not a subclass's override, which may keep the
 * array. Answers are cached per class (weakly, through {@link ClassValue}); anything reflection cannot answer
 * counts as "not the named body".
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
     * Whether a call of {@code nameAndDescriptor} (e.g. {@code give([[F)V}) named on {@code declaring} runs the body
     * {@code declaring} declares: {@code declaring} declares it, and, for a virtual call on an instance of
     * {@code receiver} (null for a static, private or interface call, which do not dispatch to a subclass), no
     * class from {@code receiver} up to {@code declaring} overrides it.
     */
    public static boolean runs(Class<?> receiver, Class<?> declaring, String nameAndDescriptor) {
        Class<?> key = receiver == null ? declaring : receiver;
        ConcurrentMap<String, Boolean> answers = ANSWERS.get(key);
        String question = (receiver == null ? "" : declaring.getName()) + ' ' + nameAndDescriptor;
        Boolean known = answers.get(question);
        if (known == null) {
            known = resolve(receiver, declaring, nameAndDescriptor);
            answers.put(question, known);
        }
        return known;
    }

    private static boolean resolve(Class<?> receiver, Class<?> declaring, String nameAndDescriptor) {
        int paren = nameAndDescriptor.indexOf('(');
        String name = nameAndDescriptor.substring(0, paren);
        String descriptor = nameAndDescriptor.substring(paren);
        try {
            Method named = declared(declaring, name, descriptor);
            if (named == null) return false; // inherited: a body the rule does not name
            if (receiver == null || Modifier.isPrivate(named.getModifiers())
                    || Modifier.isStatic(named.getModifiers())) {
                return true;
            }
            boolean packageAccess = (named.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED)) == 0;
            for (Class<?> c = receiver; c != declaring; c = c.getSuperclass()) {
                if (c == null) return false; // not a subclass: no one body to vouch for
                Method m = declared(c, name, descriptor);
                if (m == null || Modifier.isStatic(m.getModifiers()) || Modifier.isPrivate(m.getModifiers())) {
                    continue; // neither overrides
                }
                if (packageAccess && !samePackage(c, declaring)) {
                    continue; // a package-private method is overridden only from its own run-time package
                }
                return false;
            }
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false; // a class that cannot be reflected on: not proven
        }
    }

    private static Method declared(Class<?> c, String name, String descriptor) {
        for (Method m : c.getDeclaredMethods()) {
            if (m.getName().equals(name) && MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                    .toMethodDescriptorString().equals(descriptor)) {
                return m;
            }
        }
        return null;
    }

    private static boolean samePackage(Class<?> a, Class<?> b) {
        return a.getClassLoader() == b.getClassLoader() && a.getPackageName().equals(b.getPackageName());
    }
}
