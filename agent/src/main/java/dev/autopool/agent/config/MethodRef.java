package dev.autopool.agent.config;

import java.util.List;
import java.util.Objects;

/**
 * A method named in Java syntax, {@code com.acme.Matrices#float3d(int,int,int)}, as the JVM sees it: an internal
 * owner name, a method name and the parameter part of a descriptor.
 */
public record MethodRef(String owner, String name, String paramDescriptor) {

    /** Parses {@code com.acme.Matrices#float3d(int,int,int)}; throws with a readable reason when malformed. */
    public static MethodRef parse(String text) {
        int hash = text.indexOf('#');
        int open = text.indexOf('(');
        if (hash <= 0 || open < hash + 2 || !text.endsWith(")")) {
            throw new IllegalArgumentException(
                    "expected a method as Class#method(type,...), e.g. com.acme.Matrices#float3d(int,int,int), got "
                            + Quoted.of(text));
        }
        String owner = text.substring(0, hash);
        String name = text.substring(hash + 1, open);
        checkJavaName(owner, "class");
        checkJavaName(name, "method");
        String params = text.substring(open + 1, text.length() - 1).trim();
        StringBuilder desc = new StringBuilder("(");
        if (!params.isEmpty()) {
            for (String p : params.split(",")) {
                desc.append(TypeNames.descriptor(p.trim()));
            }
        }
        return new MethodRef(owner.replace('.', '/'), name, desc.append(')').toString());
    }

    /** Whether a call instruction with this owner, name and full descriptor calls this method. */
    public boolean matches(String callOwner, String callName, String callDescriptor) {
        return owner.equals(callOwner) && name.equals(callName) && callDescriptor.startsWith(paramDescriptor);
    }

    /** Number of parameters, counted from the descriptor. */
    public List<String> parameterDescriptors() {
        return TypeNames.splitParameters(paramDescriptor);
    }

    @Override
    public String toString() {
        List<String> params = parameterDescriptors().stream().map(TypeNames::javaName).toList();
        return owner.replace('/', '.') + "#" + name + "(" + String.join(",", params) + ")";
    }

    private static void checkJavaName(String s, String what) {
        for (String part : s.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))
                    || !TypeNames.isIdentifier(part)) {
                throw new IllegalArgumentException(Quoted.of(s) + " is not a valid " + what + " name");
            }
        }
    }

    // Written out: a record's generated equals/hashCode bootstrap method handles (java.lang.runtime.ObjectMethods)
    // on first use, dozens of JDK classes on the class-loading thread of a cold JVM.
    @Override
    public boolean equals(Object o) {
        return o instanceof MethodRef m && Objects.equals(owner, m.owner) && Objects.equals(name, m.name)
                && Objects.equals(paramDescriptor, m.paramDescriptor);
    }

    @Override
    public int hashCode() {
        return (31 * Objects.hashCode(owner) + Objects.hashCode(name)) * 31 + Objects.hashCode(paramDescriptor);
    }
}
