package dev.autopool.agent;

import dev.autopool.agent.analysis.FactoryBodyCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Finds static methods that look like matrix factories: they return a primitive array of rank 1 to 4 that they
 * build with a {@code new} whose every dimension is one of their {@code int} parameters, and return it untouched. Each becomes a
 * ready-to-paste {@code factory} rule, with {@code dims=} when the parameters are in another order, and a count
 * of its call sites in the scanned classes.
 */
final class FactorySuggestions {
    /** A proposed rule and where it came from. */
    record Suggestion(String owner, String name, String descriptor, String rule, String file, int line) {}

    private FactorySuggestions() {}

    static List<String> lines(List<ClassFiles.Entry> classes) {
        List<Suggestion> found = new ArrayList<>();
        Map<String, Integer> calls = new HashMap<>();
        List<String> unreadable = new ArrayList<>();
        for (ClassFiles.Entry entry : classes) {
            ClassNode node = new ClassNode();
            try {
                new ClassReader(entry.bytes()).accept(node, 0);
            } catch (RuntimeException e) { // a corrupt class file: named, and the others are still scanned
                unreadable.add("# " + entry.internalName().replace('/', '.') + " cannot be read (" + e + "); skipped");
                continue;
            }
            for (MethodNode m : node.methods) {
                Suggestion s = suggest(node, m);
                if (s != null) found.add(s);
                for (AbstractInsnNode insn : m.instructions) {
                    if (insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESTATIC) {
                        calls.merge(call.owner + "#" + call.name + call.desc, 1, Integer::sum);
                    }
                }
            }
        }
        List<String> out = new ArrayList<>(unreadable);
        for (Suggestion s : found) {
            int n = calls.getOrDefault(s.owner() + "#" + s.name() + s.descriptor(), 0);
            out.add(s.rule() + "   # " + (s.file() == null ? "?" : s.file()) + ":" + s.line() + ", " + n
                    + " call site(s) in the scanned classes");
        }
        return out;
    }

    private static Suggestion suggest(ClassNode owner, MethodNode m) {
        if ((m.access & Opcodes.ACC_STATIC) == 0) return null;
        Type type = Type.getMethodType(m.desc);
        Type ret = type.getReturnType();
        if (ret.getSort() != Type.ARRAY || ret.getDimensions() > 4 || ret.getElementType().getSort() < Type.BYTE
                || ret.getElementType().getSort() > Type.DOUBLE || ret.getElementType().getSort() == Type.CHAR) {
            return null;
        }
        for (AbstractInsnNode insn : m.instructions) {
            if (!allocates(insn, ret) || !returnedAsIs(insn)) continue;
            int[] dims = dimensionParameters(insn, ret.getDimensions(), type.getArgumentTypes());
            // Propose only what the agent would accept: the same check a factory rule's body must pass.
            if (dims == null || FactoryBodyCheck.check(owner, m, dims) != null) continue;
            StringJoiner params = new StringJoiner(",");
            for (Type p : type.getArgumentTypes()) params.add(p.getClassName());
            StringBuilder rule = new StringBuilder("factory ").append(owner.name.replace('/', '.')).append('#')
                    .append(m.name).append('(').append(params).append(')');
            if (!isIdentity(dims, type.getArgumentTypes().length)) {
                StringJoiner d = new StringJoiner(",");
                for (int i : dims) d.add(Integer.toString(i));
                rule.append(" dims=").append(d);
            }
            return new Suggestion(owner.name, m.name, m.desc, rule.toString(), owner.sourceFile,
                    dev.autopool.agent.analysis.Lines.before(insn));
        }
        return null;
    }

    /**
     * Whether the new array goes straight to {@code return} (possibly through one local): a method that also
     * writes into it is not a factory the pool can stand in for, since a pooled array comes back all zeros.
     */
    private static boolean returnedAsIs(AbstractInsnNode allocation) {
        AbstractInsnNode next = nextReal(allocation);
        if (next != null && next.getOpcode() == Opcodes.ARETURN) return true;
        if (!(next instanceof VarInsnNode store) || store.getOpcode() != Opcodes.ASTORE) return false;
        AbstractInsnNode load = nextReal(next);
        return load instanceof VarInsnNode l && l.getOpcode() == Opcodes.ALOAD && l.var == store.var
                && nextReal(load) != null && nextReal(load).getOpcode() == Opcodes.ARETURN;
    }

    private static AbstractInsnNode nextReal(AbstractInsnNode insn) {
        AbstractInsnNode next = insn.getNext();
        while (next != null && next.getOpcode() < 0) next = next.getNext();
        return next;
    }

    private static boolean allocates(AbstractInsnNode insn, Type ret) {
        if (insn instanceof MultiANewArrayInsnNode multi) {
            return multi.desc.equals(ret.getDescriptor()) && multi.dims == ret.getDimensions();
        }
        return insn.getOpcode() == Opcodes.NEWARRAY && ret.getDimensions() == 1
                && Type.getType("[" + elementOf(((IntInsnNode) insn).operand)).equals(ret);
    }

    private static String elementOf(int newArrayOperand) {
        return switch (newArrayOperand) {
            case Opcodes.T_FLOAT -> "F";
            case Opcodes.T_DOUBLE -> "D";
            case Opcodes.T_INT -> "I";
            case Opcodes.T_LONG -> "J";
            case Opcodes.T_SHORT -> "S";
            case Opcodes.T_BYTE -> "B";
            default -> "V";
        };
    }

    /** The parameter positions loaded, in order, right before the allocation, or null if not all parameters. */
    private static int[] dimensionParameters(AbstractInsnNode allocation, int rank, Type[] params) {
        int[] slotToParam = new int[256];
        java.util.Arrays.fill(slotToParam, -1);
        int slot = 0;
        for (int i = 0; i < params.length && slot < 256; i++) {
            if (params[i].equals(Type.INT_TYPE)) slotToParam[slot] = i;
            slot += params[i].getSize();
        }
        int[] dims = new int[rank];
        AbstractInsnNode insn = allocation.getPrevious();
        for (int d = rank - 1; d >= 0; d--) {
            while (insn != null && insn.getOpcode() < 0) insn = insn.getPrevious();
            if (!(insn instanceof VarInsnNode load) || load.getOpcode() != Opcodes.ILOAD || load.var >= 256
                    || slotToParam[load.var] < 0) {
                return null;
            }
            dims[d] = slotToParam[load.var];
            insn = insn.getPrevious();
        }
        return dims;
    }

    private static boolean isIdentity(int[] dims, int paramCount) {
        if (dims.length != paramCount) return false;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != i) return false;
        }
        return true;
    }
}
