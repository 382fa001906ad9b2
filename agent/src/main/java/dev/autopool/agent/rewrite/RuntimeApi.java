package dev.autopool.agent.rewrite;

import dev.autopool.runtime.Pools;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The runtime methods rewritten code may call: {@code <element><rank>d(dims..., site)}, {@code release(Object,
 * site)} and {@code releaseIfBorrowed(Object, site)} on {@link Pools}. Only methods the runtime really has are
 * offered, so a rewrite can never produce a call that fails to link. Tests point it at a recording stand-in.
 */
public final class RuntimeApi {
    private final String ownerName;
    /** {@code name + descriptor} of every public static method of the owner. */
    private final Set<String> methods;

    /** Asked once per method rewrite: answered once, at construction. */
    private final boolean numbersLoans;
    /** Asked once per method rewrite by the automatic release: found once, at construction. */
    private final Target releaseIfValid;
    /**
     * The other fixed targets, found once at construction: some are asked once per method rewrite (the lifecycle
     * rewrite's binding of stores), and each look-up made a string and a target.
     */
    private final Target release;
    private final Target releasable;
    private final Target releaseIfBorrowed;
    private final Target stored;
    private final Target storedOver;
    private final Target madeByPendingFactory;
    private final Target closing;
    private final Target releaseFrom;
    private final Target ownedStore;
    /**
     * {@link #factory} and {@link #sizedFactory} by element sort ({@link Type#BYTE} to {@link Type#DOUBLE}) and
     * rank (1-4), found once at construction; null where the runtime has none.
     */
    private final Target[][] factories = new Target[Type.DOUBLE + 1][5];
    private final Target[][] sizedFactories = new Target[Type.DOUBLE + 1][5];

    private RuntimeApi(String ownerName, Set<String> methods) {
        this.ownerName = ownerName;
        this.methods = Set.copyOf(methods);
        this.numbersLoans = has("generation", "(Ljava/lang/Object;)I") && has("releaseLoan", "(Ljava/lang/Object;II)V")
                && has("releaseLoanIfValid", "(Ljava/lang/Object;III)V")
                && has("releaseLoanIfBorrowedAndValid", "(Ljava/lang/Object;III)V");
        this.releaseIfValid = find("releaseIfValid", "(Ljava/lang/Object;II)V");
        this.release = find("release", "(Ljava/lang/Object;I)V");
        this.releasable = find("releasable",
                "(Ljava/lang/Object;Ljava/lang/Class;Ljava/lang/String;Ljava/lang/Object;)Ljava/lang/Object;");
        this.releaseIfBorrowed = find("releaseIfBorrowed", "(Ljava/lang/Object;I)V");
        this.stored = find("stored", "(Ljava/lang/Object;Ljava/lang/Object;)V");
        this.storedOver = find("storedOver", "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)V");
        this.madeByPendingFactory = find("madeByPendingFactory", "(Ljava/lang/Object;)V");
        this.closing = find("closing", "(Ljava/lang/Object;Ljava/lang/Object;I)I");
        this.releaseFrom = find("releaseFrom", "(Ljava/lang/Object;Ljava/lang/Object;II)V");
        this.ownedStore = find("ownedStore", "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;II)V");
        for (int sort = Type.BYTE; sort <= Type.DOUBLE; sort++) {
            if (sort == Type.CHAR) continue;
            for (int rank = 1; rank <= 4; rank++) {
                Type arrayType = Type.getType("[".repeat(rank) + elementType(sort).getDescriptor());
                Target plain = findFactory(arrayType);
                factories[sort][rank] = plain;
                sizedFactories[sort][rank] = plain == null ? null : findSizedFactory(arrayType, plain);
            }
        }
    }

    /** The primitive type of this sort ({@link Type#BYTE} to {@link Type#DOUBLE}, not {@link Type#CHAR}). */
    private static Type elementType(int sort) {
        return switch (sort) {
            case Type.BYTE -> Type.BYTE_TYPE;
            case Type.SHORT -> Type.SHORT_TYPE;
            case Type.INT -> Type.INT_TYPE;
            case Type.FLOAT -> Type.FLOAT_TYPE;
            case Type.LONG -> Type.LONG_TYPE;
            case Type.DOUBLE -> Type.DOUBLE_TYPE;
            default -> throw new IllegalArgumentException("no pooled element sort: " + sort);
        };
    }

    /** The public static methods of {@code owner}, read by reflection. */
    public RuntimeApi(Class<?> owner) {
        this(Type.getInternalName(owner), reflect(owner));
    }

    /** The runtime the agent runs with. */
    public static RuntimeApi pools() {
        return new RuntimeApi(Pools.class);
    }

    /** The runtime described by the class file of its {@code Pools}, without loading it (for {@code audit}). */
    public static RuntimeApi fromClassFile(byte[] poolsClassFile) {
        ClassNode node = new ClassNode();
        new ClassReader(poolsClassFile).accept(node, ClassReader.SKIP_CODE);
        Set<String> methods = new HashSet<>();
        for (MethodNode m : node.methods) {
            if ((m.access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC)) == (Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC)) {
                methods.add(m.name + m.desc);
            }
        }
        return new RuntimeApi(node.name, methods);
    }

    private static Set<String> reflect(Class<?> owner) {
        Set<String> out = new HashSet<>();
        for (Method m : owner.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) out.add(m.getName() + Type.getMethodDescriptor(m));
        }
        return out;
    }

    /** The internal name of the class rewritten code calls. */
    public String owner() {
        return ownerName;
    }

    /** The pooled factory returning {@code arrayType} (a primitive array of rank 1-4), or null if none fits. */
    public Target factory(Type arrayType) {
        if (arrayType.getSort() != Type.ARRAY || arrayType.getDimensions() > 4) return null;
        int sort = arrayType.getElementType().getSort();
        if (sort < Type.BYTE || sort > Type.DOUBLE || sort == Type.CHAR) {
            return null;
        }
        return factories[sort][arrayType.getDimensions()];
    }

    /** {@link #factory}, looked up in the runtime's methods (once per shape, at construction). */
    private Target findFactory(Type arrayType) {
        Type element = arrayType.getElementType();
        int rank = arrayType.getDimensions();
        Type[] params = new Type[rank + 1];
        Arrays.fill(params, Type.INT_TYPE);
        return find(element.getClassName() + rank + "d", Type.getMethodDescriptor(arrayType, params));
    }

    /**
     * The run-time-sized entry for {@code arrayType}: {@code <element><rank>dAtLeast(dims..., minBytes, site)},
     * which pools only from {@code minBytes} on; or null if none fits.
     */
    public Target sizedFactory(Type arrayType) {
        Target plain = factory(arrayType);
        if (plain == null) return null;
        return sizedFactories[arrayType.getElementType().getSort()][arrayType.getDimensions()];
    }

    /** {@link #sizedFactory}, looked up in the runtime's methods (once per shape, at construction). */
    private Target findSizedFactory(Type arrayType, Target plain) {
        int rank = arrayType.getDimensions();
        Type[] params = new Type[rank + 2];
        Arrays.fill(params, Type.INT_TYPE);
        return find(plain.name() + "AtLeast", Type.getMethodDescriptor(arrayType, params));
    }

    /** {@code release(Object, int)}. */
    public Target release() {
        return release;
    }

    /** {@code releasable(Object receiver, Class declaring, String method, Object array)}: array, or null after an override. */
    public Target releasable() {
        return releasable;
    }

    /** {@code releaseIfBorrowed(Object, int)}. */
    public Target releaseIfBorrowed() {
        return releaseIfBorrowed;
    }

    /** Whether the runtime has the public static method {@code name} with this descriptor. */
    public boolean has(String name, String descriptor) {
        return methods.contains(name + descriptor);
    }

    /** {@code stored(Object holder, Object array)}: binds a loan to the lifecycle object it was stored into. */
    public Target stored() {
        return stored;
    }

    /** {@code storedOver(Object holder, Object array, Object previous)}: {@link #stored}, the old array left to the GC. */
    public Target storedOver() {
        return storedOver;
    }

    /** {@code madeByPendingFactory(Object array)}: notes a factory call's plain result before its body is checked. */
    public Target madeByPendingFactory() {
        return madeByPendingFactory;
    }

    /** {@code closing(Object holder, Object array, int site)}: a lifecycle method starts; the field's loan, or -1. */
    public Target closing() {
        return closing;
    }

    /**
     * {@code releaseFrom(Object holder, Object array, int loan, int site)}: a lifecycle method returns; the loan
     * {@link #closing} found goes home if it is still that object's.
     */
    public Target releaseFrom() {
        return releaseFrom;
    }

    /** {@code releaseIfValid(Object, int guard, int site)}: the guarded release the automatic release inserts. */
    public Target releaseIfValid() {
        return releaseIfValid;
    }

    /**
     * Whether the runtime numbers loans: {@code generation(Object)}, {@code releaseLoan(Object, int, int)} and the
     * loan forms of both guarded releases, so inserted and {@code release}-rule releases can name the loan they end.
     */
    public boolean numbersLoans() {
        return numbersLoans;
    }

    /** {@code ownedStore(Object owner, Object array, Object previous, int guard, int site)}: an owned field's store. */
    public Target ownedStore() {
        return ownedStore;
    }

    private Target find(String name, String descriptor) {
        return methods.contains(name + descriptor) ? new Target(ownerName, name, descriptor) : null;
    }

    /** A static runtime method: owner, name, descriptor. */
    public record Target(String owner, String name, String descriptor) {
        /** The call instruction. */
        public org.objectweb.asm.tree.MethodInsnNode call() {
            return new org.objectweb.asm.tree.MethodInsnNode(org.objectweb.asm.Opcodes.INVOKESTATIC, owner, name,
                    descriptor, false);
        }
    }
}
