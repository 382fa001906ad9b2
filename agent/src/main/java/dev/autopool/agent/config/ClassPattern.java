package dev.autopool.agent.config;

/**
 * The classes an {@code arrays} rule covers, in Java syntax: {@code com.acme.decoder.**} (the package and every
 * package below it), {@code com.acme.decoder.*} (classes directly in the package) or one class name.
 */
public record ClassPattern(String text, String internalPrefix, Depth depth) {

    enum Depth { CLASS, PACKAGE, SUBPACKAGES }

    public static ClassPattern parse(String text) {
        Depth depth;
        String base;
        if (text.endsWith(".**")) {
            depth = Depth.SUBPACKAGES;
            base = text.substring(0, text.length() - 3);
        } else if (text.endsWith(".*")) {
            depth = Depth.PACKAGE;
            base = text.substring(0, text.length() - 2);
        } else {
            depth = Depth.CLASS;
            base = text;
        }
        for (String part : base.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))
                    || !TypeNames.isIdentifier(part)) {
                throw new IllegalArgumentException("expected a package pattern such as com.acme.decoder.** or"
                        + " com.acme.decoder.*, or a class name, got " + Quoted.of(text));
            }
        }
        String internal = base.replace('.', '/');
        return new ClassPattern(text, depth == Depth.CLASS ? internal : internal + "/", depth);
    }

    /** Whether the class with this internal name ({@code com/acme/decoder/Idct}) is covered. */
    public boolean matches(String internalName) {
        return switch (depth) {
            case CLASS -> internalName.equals(internalPrefix);
            case PACKAGE -> internalName.startsWith(internalPrefix)
                    && internalName.indexOf('/', internalPrefix.length()) < 0;
            case SUBPACKAGES -> internalName.startsWith(internalPrefix);
        };
    }

    @Override
    public String toString() {
        return text;
    }

    // Written out: a record's generated equals/hashCode bootstrap method handles (java.lang.runtime.ObjectMethods)
    // on first use, dozens of JDK classes on the class-loading thread of a cold JVM.
    @Override
    public boolean equals(Object o) {
        return o instanceof ClassPattern p && java.util.Objects.equals(text, p.text)
                && java.util.Objects.equals(internalPrefix, p.internalPrefix) && depth == p.depth;
    }

    @Override
    public int hashCode() {
        return (31 * java.util.Objects.hashCode(text) + java.util.Objects.hashCode(internalPrefix)) * 31
                + java.util.Objects.hashCode(depth);
    }
}
