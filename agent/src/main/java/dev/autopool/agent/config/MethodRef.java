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
        if (params.indexOf('<') >= 0 || params.indexOf('>') >= 0) {
            // A descriptor has no type arguments: List<String> would become a class named "List<String>", and
            // the rule would match nothing (or, split at a comma inside <...>, be refused for the wrong reason).
            throw new IllegalArgumentException("parameter types are written as the JVM sees them, without type"
                    + " arguments: write " + Quoted.of(erased(params)) + " for " + Quoted.of(params));
        }
        StringBuilder desc = new StringBuilder("(");
        if (!params.isEmpty()) {
            String[] parts = params.split(",", -1);
            if (parts.length > MAX_PARAMETERS) {
                throw new IllegalArgumentException("a method has at most " + MAX_PARAMETERS + " parameters, "
                        + Quoted.of(text) + " names " + parts.length);
            }
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.endsWith("...")) {
                    // Java's variable-arity parameter: an array in the descriptor, and only the last one.
                    if (i != parts.length - 1) {
                        throw new IllegalArgumentException("only the last parameter can be variable-arity, got "
                                + Quoted.of(p) + " in " + Quoted.of(text));
                    }
                    p = p.substring(0, p.length() - 3).trim() + "[]";
                }
                desc.append(TypeNames.descriptor(p));
            }
        }
        return new MethodRef(owner.replace('.', '/'), name, desc.append(')').toString());
    }

    /** The JVM's limit: 255 parameter slots, so at most 255 parameters. */
    private static final int MAX_PARAMETERS = 255;

    /** {@code params} with every {@code <...>} removed (its erasure, for a message). */
    private static String erased(String params) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < params.length(); i++) {
            char c = params.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
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
