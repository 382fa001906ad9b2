package dev.autopool.agent.config;

import java.util.Map;

/**
 * One validated configuration rule. Method rules ({@code factory}, {@code release}, {@code lifecycle}) name a
 * {@link #method()}; an {@code arrays} rule names a {@link #scope()} of classes instead; an {@code owned} rule
 * names one class as its {@link #scope()} and the field in {@link #ownedField()}.
 */
public record Rule(Kind kind, MethodRef method, ClassPattern scope, Map<String, String> options, String source,
                   int line) {

    public enum Kind {
        /** Calls to a static matrix factory are served from the pool. */
        FACTORY,
        /** Calls to a method that ends an array's life hand the array back to the pool afterwards. */
        RELEASE,
        /** When an instance method such as {@code close()} returns, pooled arrays in the object's fields go home. */
        LIFECYCLE,
        /** {@code new} primitive arrays in a package scope are borrowed from the pool (when they come home). */
        ARRAYS,
        /**
         * {@code new} arrays stored into one private field of a class with no close method are borrowed, and go home
         * when the object holding them is collected (a {@code java.lang.ref.Cleaner}).
         */
        OWNED
    }

    /** The option under which an {@code owned} rule keeps its field's name (set by the parser, not by users). */
    static final String FIELD = "field";

    public Rule {
        options = Map.copyOf(options);
    }

    /** Where the rule was written, for reports: {@code autopool.conf:3}. */
    public String origin() {
        return source + ":" + line;
    }

    /** Whether buffers this rule borrows are zeroed when recycled ({@code zero=false} opts out). */
    public boolean zeroes() {
        return !"false".equals(options.get("zero"));
    }

    /** For a factory: the parameter positions its dimensions come from, outermost first ({@code dims=}). */
    public int[] dimensionArguments() {
        return RuleChecks.dimensionArguments(this);
    }

    /** For a release: the position of the parameter that carries the released array ({@code arg=}). */
    public int arrayArgument() {
        return RuleChecks.arrayArgument(this);
    }

    /** For an {@code arrays} rule: the smallest 1-D {@code new}, in bytes, that is pooled ({@code min-bytes=}). */
    public long minBytes() {
        String v = options.get("min-bytes");
        return v == null ? ConfigParser.DEFAULT_MIN_BYTES : RuleChecks.minBytes(v);
    }

    /** For an {@code owned} rule: the field's name; null for other kinds. */
    public String ownedField() {
        return kind == Kind.OWNED ? options.get(FIELD) : null;
    }

    /** What the rule names, as the user wrote it: a method, a class pattern, or a class's field. */
    public String target() {
        if (kind == Kind.OWNED) return scope + "#" + ownedField();
        return method != null ? method.toString() : scope.toString();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + target() + " (" + origin() + ")";
    }

    // Written out: a record's generated equals/hashCode bootstrap method handles (java.lang.runtime.ObjectMethods)
    // on first use, dozens of JDK classes on the class-loading thread of a cold JVM.
    @Override
    public boolean equals(Object o) {
        return o instanceof Rule r && kind == r.kind && line == r.line && java.util.Objects.equals(method, r.method)
                && java.util.Objects.equals(scope, r.scope) && java.util.Objects.equals(options, r.options)
                && java.util.Objects.equals(source, r.source);
    }

    @Override
    public int hashCode() {
        int h = java.util.Objects.hashCode(kind);
        h = 31 * h + java.util.Objects.hashCode(method);
        h = 31 * h + java.util.Objects.hashCode(scope);
        h = 31 * h + java.util.Objects.hashCode(options);
        h = 31 * h + java.util.Objects.hashCode(source);
        return 31 * h + line;
    }
}
