package dev.autopool.agent.analysis;

import dev.autopool.agent.config.MethodRef;
import dev.autopool.agent.config.Rule;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Which calls borrow a pooled buffer and which hand one back: the runtime's own entry points (what rewritten code
 * calls) and the configured {@code factory} and {@code release} methods (what original code, read from class
 * files, calls). Immutable.
 */
public final class BorrowRules {
    private static final Pattern POOLED_FACTORY = Pattern.compile("(float|double|int|long|short|byte)[1-4]d(AtLeast)?");
    /** The runtime's ONNX output entry: a pooled array whose type and rank are known only at run time. */
    private static final String ONNX_VALUE = "onnxValue";
    private static final String ONNX_VALUE_DESCRIPTOR = "(Ljava/lang/Object;I)Ljava/lang/Object;";
    /** The suffix of the runtime's run-time-sized factories, which lend only from {@code min-bytes} on. */
    private static final String SIZED = "AtLeast";

    private final String poolOwner;
    private final String directApi;
    private final Predicate<Type> pooled;
    private final List<MethodRef> factories;
    private final List<MethodRef> releases;
    /** The factory rules, for the dimensions their bodies are checked against. */
    private final List<Rule> factoryRules;

    private BorrowRules(String poolOwner, Predicate<Type> pooled, List<MethodRef> factories,
                        List<MethodRef> releases, List<Rule> factoryRules) {
        this.factoryRules = List.copyOf(factoryRules);
        this.poolOwner = poolOwner;
        this.directApi = poolOwner.substring(0, poolOwner.lastIndexOf('/') + 1) + "Autopool";
        this.pooled = pooled;
        this.factories = List.copyOf(factories);
        this.releases = List.copyOf(releases);
    }

    /**
     * Rules over the runtime's pools.
     *
     * @param poolOwner internal name of the class rewritten code calls, e.g. {@code dev/autopool/runtime/Pools}
     * @param pooled    whether the runtime has a pool for an array type (a factory call returning another type
     *                  is left unrewritten, so its result is no borrow)
     */
    public static BorrowRules of(String poolOwner, Predicate<Type> pooled, List<Rule> rules) {
        return new BorrowRules(poolOwner, pooled,
                rules.stream().filter(r -> r.kind() == Rule.Kind.FACTORY).map(Rule::method).toList(),
                rules.stream().filter(r -> r.kind() == Rule.Kind.RELEASE).map(Rule::method).toList(),
                rules.stream().filter(r -> r.kind() == Rule.Kind.FACTORY).toList());
    }

    /**
     * The {@code factory} rule whose method {@code call} (in original code) calls, or null: a runtime call, or no
     * configured factory.
     */
    Rule factoryRuleOf(MethodInsnNode call) {
        if (call.owner.equals(poolOwner)) {
            return null;
        }
        for (Rule r : factoryRules) {
            if (r.method().matches(call.owner, call.name, call.desc)) {
                return r;
            }
        }
        return null;
    }

    /** The classes whose static methods borrow: the runtime and the owners of configured factories. */
    Set<String> borrowOwners() {
        Set<String> owners = new HashSet<>();
        owners.add(poolOwner);
        factories.forEach(f -> owners.add(f.owner()));
        return owners;
    }

    /** The internal name of the class whose static {@code release(Object, int)} takes buffers home. */
    public String poolOwner() {
        return poolOwner;
    }

    /**
     * A call returning a fresh pooled buffer: in rewritten code a runtime factory; in original code (a callee
     * read from its class file) a configured factory whose type the runtime pools.
     */
    boolean isBorrow(AbstractInsnNode insn, boolean originalCode) {
        if (!(insn instanceof MethodInsnNode call) || call.getOpcode() != Opcodes.INVOKESTATIC) {
            return false;
        }
        if (call.owner.equals(poolOwner)) {
            return (POOLED_FACTORY.matcher(call.name).matches()
                    && Type.getReturnType(call.desc).getSort() == Type.ARRAY)
                    || (call.name.equals(ONNX_VALUE) && call.desc.equals(ONNX_VALUE_DESCRIPTOR));
        }
        return originalCode && pooled.test(Type.getReturnType(call.desc))
                && factories.stream().anyMatch(f -> f.matches(call.owner, call.name, call.desc));
    }

    /**
     * The type of what the borrow {@code insn} (a call, or an allocation the caller treats as a borrow) hands
     * out: its declared type, or, for a call declared to return {@code Object} (an ONNX output), the primitive
     * array type of the {@code checkcast} that directly follows it, so its rows are known to be primitive leaves.
     * Past a failing cast the value is never used, so the cast's type is the only one it is used as.
     */
    static Type borrowedType(AbstractInsnNode insn) {
        if (!(insn instanceof MethodInsnNode call)) {
            return null;
        }
        Type declared = Type.getReturnType(call.desc);
        if (declared.getSort() == Type.ARRAY) {
            return declared;
        }
        AbstractInsnNode next = insn.getNext();
        while (next != null && next.getOpcode() < 0) {
            next = next.getNext();
        }
        if (next instanceof TypeInsnNode cast && next.getOpcode() == Opcodes.CHECKCAST
                && cast.desc.startsWith("[")) {
            return Type.getObjectType(cast.desc);
        }
        return declared;
    }

    /**
     * The runtime method an inserted (guarded) release of this borrow calls: {@code releaseIfValid}, or for an ONNX
     * output {@code releaseIfBorrowedAndValid}, since the value may be what the original {@code getValue()} returned (another
     * element type, a string array, an app's own {@code OnnxValue}), which the pool never lent, and for a
     * run-time-sized {@code new} too, whose array is a plain one below {@code min-bytes}.
     */
    static String releaseMethodFor(AbstractInsnNode borrow) {
        return borrow instanceof MethodInsnNode call && ((call.name.equals(ONNX_VALUE)
                && call.desc.equals(ONNX_VALUE_DESCRIPTOR)) || call.name.endsWith(SIZED))
                ? "releaseIfBorrowedAndValid" : "releaseIfValid";
    }

    /** The runtime's {@code releasable(receiver, declaring, method, array)}, which returns its array or null. */
    boolean isReleasable(MethodInsnNode call) {
        return call.getOpcode() == Opcodes.INVOKESTATIC && call.owner.equals(poolOwner)
                && call.name.equals("releasable");
    }

    /** A call that hands its argument back to the pool: the runtime's release or a configured release method. */
    boolean isRelease(MethodInsnNode call) {
        if (call.getOpcode() != Opcodes.INVOKESTATIC) {
            return false;
        }
        if (call.owner.equals(poolOwner)) {
            return call.name.equals("release") || call.name.equals("releaseIfBorrowed")
                    || call.name.equals("releaseIfValid") || call.name.equals("releaseIfBorrowedAndValid");
        }
        if (call.owner.equals(directApi) && call.name.equals("release")) {
            return true; // the runtime's public Autopool.release(Object)
        }
        return releases.stream().anyMatch(r -> r.matches(call.owner, call.name, call.desc));
    }
}
