package dev.autopool.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Converts Java-syntax type names ({@code float[][]}, {@code java.lang.Object}) to JVM descriptors and back. */
final class TypeNames {
    private static final Map<String, String> PRIMITIVES = Map.of(
            "boolean", "Z", "byte", "B", "char", "C", "short", "S",
            "int", "I", "long", "J", "float", "F", "double", "D");

    private TypeNames() {}

    static String descriptor(String javaType) {
        String base = javaType;
        StringBuilder dims = new StringBuilder();
        while (base.endsWith("[]")) {
            dims.append('[');
            base = base.substring(0, base.length() - 2).trim();
        }
        if (base.isEmpty()) {
            throw new IllegalArgumentException("empty parameter type in " + Quoted.of(javaType));
        }
        String prim = PRIMITIVES.get(base);
        if (prim != null) {
            return dims + prim;
        }
        if (!base.contains(".")) {
            throw new IllegalArgumentException(
                    "parameter type " + Quoted.of(base) + " must be a primitive or a fully qualified class name");
        }
        for (String part : base.split("\\.", -1)) {
            if (!isIdentifier(part)) {
                throw new IllegalArgumentException(
                        "parameter type " + Quoted.of(javaType) + " is not a primitive or a class name");
            }
        }
        return dims + "L" + base.replace('.', '/') + ";";
    }

    /**
     * Whether {@code s} is a non-empty Java identifier. Characters Java lets an identifier carry but ignores (ESC
     * and other controls, a zero-width space pasted from a web page) are refused: javac drops them from the names it
     * writes, so the rule could match nothing, and every line naming it would echo them raw.
     */
    static boolean isIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) return false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isJavaIdentifierPart(c) || Character.isIdentifierIgnorable(c)) return false;
        }
        return true;
    }

    /** The Java name of a field descriptor: {@code [[F} is {@code float[][]}. */
    static String javaName(String descriptor) {
        int dims = 0;
        while (descriptor.charAt(dims) == '[') dims++;
        String base = descriptor.substring(dims);
        String name = base.startsWith("L") ? base.substring(1, base.length() - 1).replace('/', '.')
                : PRIMITIVES.entrySet().stream().filter(e -> e.getValue().equals(base)).findFirst().orElseThrow()
                        .getKey();
        return name + "[]".repeat(dims);
    }

    static List<String> splitParameters(String methodDescriptor) {
        List<String> out = new ArrayList<>();
        int i = methodDescriptor.indexOf('(') + 1;
        while (methodDescriptor.charAt(i) != ')') {
            int start = i;
            while (methodDescriptor.charAt(i) == '[') i++;
            if (methodDescriptor.charAt(i) == 'L') i = methodDescriptor.indexOf(';', i);
            i++;
            out.add(methodDescriptor.substring(start, i));
        }
        return out;
    }
}
