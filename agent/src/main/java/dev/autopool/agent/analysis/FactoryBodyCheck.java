package dev.autopool.agent.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Decides whether a {@code factory} rule's method only allocates: a rewritten call site gets a pooled array of
 * the rule's dimensions (zeroed, every row present) instead of running the body, so the body must be exactly
 * "allocate an array from these parameters, in this order, and return it untouched". Accepted: one
 * {@code new T[a][b]...} of the return type whose every dimension is a parameter, reached through locals,
 * casts and {@code length}, or {@code new T[a][]} followed by the canonical row loop
 * {@code for (int i = 0; i < a; i++) m[i] = new T[b]...}. Anything else (a call, a field write, a store into an
 * array, a dimension computed from a parameter, a loop of another shape, a second returned value, a lock, an
 * instruction that may throw or initialise another class, a class initializer the call would no longer run) is
 * named in the answer, with its source line.
 *
 * <p>Reads the given class tree only; never loads a class.
 */
public final class FactoryBodyCheck {
    private FactoryBodyCheck() {}

    /**
     * Null when every call to {@code method} of {@code owner} may be replaced by a pooled array with dimensions
     * from parameters {@code dims} (outermost first); otherwise what the body does, as a sentence fragment, e.g.
     * {@code does more than allocate: it writes into the array at M.java:12}.
     */
    public static String check(ClassNode owner, MethodNode method, int[] dims) {
        String body = body(owner, method, dims);
        return body != null ? body : initializer(owner);
    }

    /**
     * Whether a body {@link #check} accepted is {@code new T[a][]} filled by the row loop (the one accepted shape
     * that stores into an array), rather than one {@code new T[a][b]...}. The two differ for {@code a == 0} with a
     * negative inner size: the row loop makes no row, so it throws nothing.
     */
    public static boolean fillsRows(MethodNode accepted) {
        for (AbstractInsnNode insn : accepted.instructions) {
            if (insn.getOpcode() == Opcodes.AASTORE) return true;
        }
        return false;
    }

    private static String body(ClassNode owner, MethodNode method, int[] dims) {
        Type returned = Type.getReturnType(method.desc);
        if ((method.access & Opcodes.ACC_STATIC) == 0 || method.instructions.size() == 0
                || returned.getSort() != Type.ARRAY) {
            return "is not a static method with code returning an array";
        }
        if ((method.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
            return more("it is synchronized (a pooled call would not take its class's lock)");
        }
        Lines lines = new Lines(owner.sourceFile, method.instructions);
        if (!method.tryCatchBlocks.isEmpty()) {
            return more("it handles exceptions at " + lines.where(method.tryCatchBlocks.get(0).start));
        }
        Frame<FactoryValue>[] frames;
        try {
            frames = new Analyzer<>(new FactoryInterpreter(method, lines)).analyze(owner.name, method);
        } catch (AnalyzerException | RuntimeException e) {
            return "cannot be followed by the agent's check (" + e.getMessage() + ")";
        }
        List<Integer> rowStores = new ArrayList<>();
        List<Integer> allocations = new ArrayList<>();
        String mayThrow = null;
        FactoryValue result = null;
        for (int i = 0; i < frames.length; i++) {
            AbstractInsnNode insn = method.instructions.get(i);
            Frame<FactoryValue> f = frames[i];
            if (f == null || insn.getOpcode() < 0) continue; // unreachable, or a label or line
            String at = " at " + lines.where(insn);
            int op = insn.getOpcode();
            if (insn instanceof MethodInsnNode call) {
                return more("it calls " + call.owner.replace('/', '.') + "." + call.name + at);
            } else if (op == Opcodes.INVOKEDYNAMIC) {
                return more("it runs an invokedynamic (a lambda or string concatenation)" + at);
            } else if (op == Opcodes.PUTSTATIC || op == Opcodes.PUTFIELD) {
                FieldInsnNode field = (FieldInsnNode) insn;
                return more("it writes the field " + simple(field.owner) + "." + field.name + at);
            } else if (op == Opcodes.MONITORENTER || op == Opcodes.MONITOREXIT) {
                return more("it locks a monitor" + at);
            } else if (op == Opcodes.ATHROW) {
                return more("it throws an exception of its own" + at);
            } else if (op >= Opcodes.IASTORE && op <= Opcodes.SASTORE && op != Opcodes.AASTORE) {
                return more("it writes into the array" + at);
            } else if (op == Opcodes.AASTORE) {
                rowStores.add(i);
            } else if (op == Opcodes.NEWARRAY || op == Opcodes.ANEWARRAY || op == Opcodes.MULTIANEWARRAY) {
                allocations.add(i);
            } else if (mayThrow == null && throwsOrInitialises(owner.name, insn, f) != null) {
                mayThrow = more("it " + throwsOrInitialises(owner.name, insn, f) + at); // after any call or write
            } else if (op == Opcodes.ARETURN) {
                FactoryValue v = f.getStack(f.getStackSize() - 1);
                if (v.kind != FactoryValue.Kind.FRESH) {
                    return more("it returns an array it did not just allocate" + at);
                }
                if (result != null && result.number != v.number) {
                    return more("it returns one of several arrays" + at);
                }
                result = v;
            }
        }
        if (mayThrow != null) return mayThrow;
        if (result == null) return more("it never returns normally");
        int[] allocated = result.dims;
        FactoryValue row = null;
        if (!result.complete()) {
            if (rowStores.size() != 1 || result.dims.length != 1) {
                return more("it leaves rows of its new " + result.type.getClassName() + " empty (null), at "
                        + where(lines, result));
            }
            row = rowLoop(method, frames, rowStores.get(0), result);
            if (row == null) {
                return more("it fills the rows in a way the agent cannot follow, at "
                        + lines.where(method.instructions.get(rowStores.get(0))));
            }
            allocated = new int[1 + row.dims.length];
            allocated[0] = result.dims[0];
            System.arraycopy(row.dims, 0, allocated, 1, row.dims.length);
        } else if (!rowStores.isEmpty()) {
            return more("it writes into the array at " + lines.where(method.instructions.get(rowStores.get(0))));
        }
        for (int a : allocations) {
            if (a != result.number && (row == null || a != row.number)) {
                // Unused, but it may throw (a negative size) where the pooled call would not.
                return more("it allocates another array at " + lines.where(method.instructions.get(a)));
            }
        }
        for (int d : allocated) {
            if (d < 0) {
                return more("it sizes its new " + result.type.getClassName()
                        + " from something other than its int parameters, at " + where(lines, result));
            }
        }
        if (!Arrays.equals(allocated, dims)) {
            return "allocates " + result.type.getClassName() + " from parameters " + positions(allocated)
                    + " (outermost first), but the rule takes the dimensions from parameters " + positions(dims)
                    + " (set dims=" + positions(allocated) + " if that is what is meant)";
        }
        return null;
    }

    /**
     * The row stored by the canonical row loop {@code for (int i = 0; i < n; i++) outer[i] = new ...}, where
     * {@code n} is the outer array's length, or null when the store at {@code store} is anything else. The loop
     * is javac's shape: {@code i = 0}, then at the head {@code if (i >= n) exit}, a body with no branch and no
     * way in but the head, {@code i++} and a jump back to the head; {@code i} is written nowhere else.
     */
    private static FactoryValue rowLoop(MethodNode method, Frame<FactoryValue>[] frames, int store,
                                        FactoryValue outer) {
        Frame<FactoryValue> at = frames[store];
        int top = at.getStackSize();
        FactoryValue array = at.getStack(top - 3);
        FactoryValue index = at.getStack(top - 2);
        FactoryValue row = at.getStack(top - 1);
        Type rowType = Type.getType(outer.type.getDescriptor().substring(1));
        if (array.kind != FactoryValue.Kind.FRESH || array.number != outer.number
                || index.kind != FactoryValue.Kind.LOCAL || !row.complete() || !row.type.equals(rowType)) {
            return null;
        }
        int slot = index.number;
        // The only writes to the index: i = 0 before the loop, and i++ (the increment is checked below).
        int init = -1;
        int increment = -1;
        for (int i = 0; i < frames.length; i++) {
            AbstractInsnNode insn = method.instructions.get(i);
            if (insn instanceof VarInsnNode v && v.var == slot && v.getOpcode() >= Opcodes.ISTORE
                    && v.getOpcode() <= Opcodes.ASTORE) {
                Frame<FactoryValue> f = frames[i];
                if (init >= 0 || f == null || !f.getStack(f.getStackSize() - 1).equals(FactoryValue.constant(0))) {
                    return null;
                }
                init = i;
            } else if (insn instanceof IincInsnNode inc && inc.var == slot) {
                if (increment >= 0 || inc.incr != 1) return null;
                increment = i;
            }
        }
        // The jump back: the first GOTO after the increment, which follows the store.
        if (init < 0 || increment < store) return null;
        int back = -1;
        for (int i = increment + 1; i < frames.length && back < 0; i++) {
            int op = method.instructions.get(i).getOpcode();
            if (op == Opcodes.GOTO) back = i;
            else if (op >= 0) return null;
        }
        if (back < 0) return null;
        int head = method.instructions.indexOf(((JumpInsnNode) method.instructions.get(back)).label);
        if (head <= init || head >= store || outer.number >= head || row.number <= head || row.number >= store) {
            return null; // the outer array or the index set inside the loop, or the row made outside it
        }
        // The exit test: the one branch between head and jump back, i >= n, leaving to right after the jump back.
        int exit = -1;
        for (int i = head; i < back; i++) {
            AbstractInsnNode insn = method.instructions.get(i);
            int op = insn.getOpcode();
            if (insn instanceof TableSwitchInsnNode || insn instanceof LookupSwitchInsnNode
                    || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN)) {
                return null;
            }
            if (insn instanceof JumpInsnNode) {
                if (exit >= 0) return null;
                exit = i;
            }
        }
        if (exit < 0 || exit > store || method.instructions.get(exit).getOpcode() != Opcodes.IF_ICMPGE) return null;
        Frame<FactoryValue> test = frames[exit];
        FactoryValue left = test.getStack(test.getStackSize() - 2);
        FactoryValue bound = test.getStack(test.getStackSize() - 1);
        if (!left.equals(FactoryValue.local(slot)) || bound.parameter() < 0 || bound.parameter() != outer.dims[0]) {
            return null;
        }
        LabelNode out = ((JumpInsnNode) method.instructions.get(exit)).label;
        for (AbstractInsnNode i = method.instructions.get(back).getNext(); i != out; i = i.getNext()) {
            if (i == null || i.getOpcode() >= 0) return null;
        }
        // No way into the loop but its head: no jump from anywhere targets a label inside it.
        for (AbstractInsnNode insn : method.instructions) {
            for (LabelNode target : ConstructorStart.targets(insn)) {
                int t = method.instructions.indexOf(target);
                if (t > head && t <= back) return null;
            }
        }
        return row;
    }

    /**
     * A call site rewritten to the pool never links the factory's class, so its initialization (JLS 12.4.1) may
     * never happen: that is only the same program when initializing it does nothing anyone else sees. So its
     * static initializer may not call anything, touch another class (a read initialises that class too), lock
     * or throw, and there may be nothing else to initialise first: the class extends a JDK class ({@code Object},
     * {@code Enum}, {@code Record}) and implements no interface outside the JDK (one with a default method is initialised with it). An interface's
     * static factory initialises that interface alone. {@code $assertionsDisabled}'s
     * {@code desiredAssertionStatus()} is allowed.
     */
    private static String initializer(ClassNode owner) {
        String name = owner.name.replace('/', '.');
        if ((owner.access & Opcodes.ACC_INTERFACE) == 0) {
            if (owner.superName != null && !owner.superName.startsWith("java/")) { // a JDK class: no app effect
                return "its class " + name + " extends " + owner.superName.replace('/', '.') + ", whose static"
                        + " initializer a pooled call would no longer run";
            }
            for (String i : owner.interfaces) {
                if (!i.startsWith("java/") && !i.startsWith("javax/")) {
                    return "its class " + name + " implements " + i.replace('/', '.') + ", whose static"
                            + " initializer a pooled call might no longer run";
                }
            }
        }
        for (MethodNode m : owner.methods) {
            if (!m.name.equals("<clinit>")) continue;
            Lines lines = new Lines(owner.sourceFile, m.instructions);
            AbstractInsnNode first = null;
            for (AbstractInsnNode insn : m.instructions) {
                if (initializerEffect(owner.name, insn) != null
                        && (first == null || (insn instanceof MethodInsnNode && !(first instanceof MethodInsnNode)))) {
                    first = insn; // a call, when there is one, says most
                }
            }
            if (first != null) {
                return "its class " + name + " has a static initializer that " + initializerEffect(owner.name, first)
                        + " at " + lines.where(first) + ", which a pooled call would no longer run";
            }
        }
        return null;
    }

    /** What an instruction of a static initializer does that another class could see, or null. */
    private static String initializerEffect(String owner, AbstractInsnNode insn) {
        int op = insn.getOpcode();
        if (insn instanceof MethodInsnNode call) {
            return call.owner.equals("java/lang/Class") && call.name.equals("desiredAssertionStatus") ? null
                    : "calls " + call.owner.replace('/', '.') + "." + call.name;
        }
        if (op == Opcodes.INVOKEDYNAMIC) return "runs an invokedynamic";
        if (op == Opcodes.PUTSTATIC && !((FieldInsnNode) insn).owner.equals(owner)) {
            return "writes the field " + simple(((FieldInsnNode) insn).owner) + "." + ((FieldInsnNode) insn).name;
        }
        if (op == Opcodes.MONITORENTER) return "locks a monitor";
        if (op == Opcodes.ATHROW) return "throws an exception";
        if (op >= Opcodes.IASTORE && op <= Opcodes.SASTORE) return "stores into an array (which may throw)";
        if (op == Opcodes.ARRAYLENGTH || op == Opcodes.CHECKCAST) return "may throw (" + opcodeName(op) + ")";
        if ((op == Opcodes.NEWARRAY || op == Opcodes.ANEWARRAY) && constantLength(insn.getPrevious()) < 0) {
            return "allocates an array of a computed size (which may throw)";
        }
        if (op == Opcodes.MULTIANEWARRAY) return "allocates a matrix (which may throw)";
        if (op == Opcodes.LDC && ((org.objectweb.asm.tree.LdcInsnNode) insn).cst instanceof Type t
                && t.getSort() == Type.OBJECT && t.getInternalName().equals(owner)) {
            return null; // its own class, for desiredAssertionStatus
        }
        return throwsOrInitialises(owner, insn, null);
    }

    /** The int constant {@code insn} pushes, or -1 (a negative constant counts as none: it throws). */
    private static int constantLength(AbstractInsnNode insn) {
        if (insn == null) return -1;
        int op = insn.getOpcode();
        if (op >= Opcodes.ICONST_0 && op <= Opcodes.ICONST_5) return op - Opcodes.ICONST_0;
        if (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH) return Math.max(-1, ((org.objectweb.asm.tree.IntInsnNode) insn).operand);
        if (insn instanceof org.objectweb.asm.tree.LdcInsnNode ldc && ldc.cst instanceof Integer i) return Math.max(-1, i);
        return -1;
    }

    /**
     * What {@code insn} (of a method of {@code owner}) may do beyond computing a value: throw an exception of its
     * own, or initialise (or load) another class; null for an instruction that can do neither. {@code frame},
     * when known, lets a {@code length} or cast of an array the body just allocated through.
     */
    private static String throwsOrInitialises(String owner, AbstractInsnNode insn, Frame<FactoryValue> frame) {
        int op = insn.getOpcode();
        switch (op) {
            case Opcodes.IDIV, Opcodes.IREM, Opcodes.LDIV, Opcodes.LREM:
                return "divides, which may throw ArithmeticException";
            case Opcodes.IALOAD, Opcodes.LALOAD, Opcodes.FALOAD, Opcodes.DALOAD, Opcodes.AALOAD, Opcodes.BALOAD,
                    Opcodes.CALOAD, Opcodes.SALOAD:
                return "reads an array element, which may throw";
            case Opcodes.GETFIELD:
                return "reads the field " + simple(((FieldInsnNode) insn).owner) + "." + ((FieldInsnNode) insn).name
                        + ", which may throw";
            case Opcodes.GETSTATIC: {
                FieldInsnNode field = (FieldInsnNode) insn;
                return field.owner.equals(owner) ? null : "reads the field " + simple(field.owner) + "." + field.name
                        + ", which initialises " + field.owner.replace('/', '.');
            }
            case Opcodes.NEW:
                return "creates an object";
            case Opcodes.INSTANCEOF:
                return "tests a class (which loads it)";
            case Opcodes.ARRAYLENGTH, Opcodes.CHECKCAST: {
                if (frame != null && frame.getStack(frame.getStackSize() - 1).kind == FactoryValue.Kind.FRESH) {
                    return null;
                }
                return op == Opcodes.CHECKCAST ? "casts a value it did not allocate, which may throw"
                        : "takes the length of an array it did not allocate, which may throw";
            }
            case Opcodes.LDC: {
                Object c = ((org.objectweb.asm.tree.LdcInsnNode) insn).cst;
                return c instanceof Integer || c instanceof Long || c instanceof Float || c instanceof Double
                        || c instanceof String ? null : "loads a constant that resolves a class or method";
            }
            default:
                return null;
        }
    }

    private static String opcodeName(int op) {
        return op == Opcodes.ARRAYLENGTH ? "the length of an array" : "a cast";
    }

    private static String more(String what) {
        return "does more than allocate: " + what;
    }

    private static String where(Lines lines, FactoryValue fresh) {
        return fresh.line > 0 ? lines.file() + ":" + fresh.line : lines.file();
    }

    private static String positions(int[] dims) {
        StringJoiner j = new StringJoiner(",");
        for (int d : dims) j.add(Integer.toString(d));
        return j.toString();
    }

    private static String simple(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }
}
