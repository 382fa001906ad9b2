package dev.autopool.agent.analysis;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * Follows a factory body's ints (which parameter each one is) and the arrays it allocates, for
 * {@link FactoryBodyCheck}. What the body does with them (stores, calls, returns) is judged afterwards from the
 * frames; value sizes come from ASM's {@link BasicInterpreter}.
 */
final class FactoryInterpreter extends Interpreter<FactoryValue> {
    private final BasicInterpreter basic = new BasicInterpreter();
    private final MethodNode method;
    private final Lines lines;

    FactoryInterpreter(MethodNode method, Lines lines) {
        super(Opcodes.ASM9);
        this.method = method;
        this.lines = lines;
    }

    @Override
    public FactoryValue newValue(Type type) {
        if (Type.VOID_TYPE.equals(type)) return null;
        return FactoryValue.other(type == null ? 1 : type.getSize());
    }

    @Override
    public FactoryValue newParameterValue(boolean isInstanceMethod, int local, Type type) {
        if (type.getSort() != Type.INT) return newValue(type);
        int slot = isInstanceMethod ? 1 : 0;
        int position = 0;
        for (Type t : Type.getArgumentTypes(method.desc)) {
            if (slot == local) return FactoryValue.parameter(position);
            slot += t.getSize();
            position++;
        }
        return newValue(type);
    }

    @Override
    public FactoryValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
        int op = insn.getOpcode();
        if (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) return FactoryValue.constant(op - Opcodes.ICONST_0);
        if (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH) return FactoryValue.constant(((IntInsnNode) insn).operand);
        if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof Integer i) return FactoryValue.constant(i);
        return sized(basic.newOperation(insn));
    }

    @Override
    public FactoryValue copyOperation(AbstractInsnNode insn, FactoryValue value) {
        // An int read from a local that does not hold a parameter is named by its slot (a loop index): naming it by
        // its value would make the loop head's first pass (i = 0) and later passes disagree, and merge to nothing.
        if (insn.getOpcode() == Opcodes.ILOAD && value.kind != FactoryValue.Kind.PARAMETER) {
            return FactoryValue.local(((VarInsnNode) insn).var);
        }
        return value;
    }

    @Override
    public FactoryValue unaryOperation(AbstractInsnNode insn, FactoryValue value) throws AnalyzerException {
        switch (insn.getOpcode()) {
            case Opcodes.CHECKCAST:
                return value;
            case Opcodes.NEWARRAY:
                return fresh(insn, BorrowInterpreter.newArrayType((IntInsnNode) insn), value);
            case Opcodes.ANEWARRAY: {
                Type element = Type.getObjectType(((TypeInsnNode) insn).desc);
                return element.getSort() == Type.ARRAY ? fresh(insn, Type.getType("[" + element.getDescriptor()), value)
                        : FactoryValue.ONE;
            }
            case Opcodes.ARRAYLENGTH:
                // The length of an allocated array is the parameter its outer dimension came from.
                return value.kind == FactoryValue.Kind.FRESH && value.dims[0] >= 0
                        ? FactoryValue.parameter(value.dims[0]) : FactoryValue.ONE;
            default:
                return sized(basic.unaryOperation(insn, basic(value)));
        }
    }

    @Override
    public FactoryValue binaryOperation(AbstractInsnNode insn, FactoryValue a, FactoryValue b)
            throws AnalyzerException {
        return sized(basic.binaryOperation(insn, basic(a), basic(b)));
    }

    @Override
    public FactoryValue ternaryOperation(AbstractInsnNode insn, FactoryValue a, FactoryValue b, FactoryValue c) {
        return null;
    }

    @Override
    public FactoryValue naryOperation(AbstractInsnNode insn, List<? extends FactoryValue> values)
            throws AnalyzerException {
        if (insn instanceof MultiANewArrayInsnNode multi) {
            int[] dims = new int[values.size()];
            for (int i = 0; i < dims.length; i++) dims[i] = values.get(i).parameter();
            return FactoryValue.fresh(method.instructions.indexOf(insn), Type.getType(multi.desc), dims,
                    lineOf(insn));
        }
        return sized(basic.naryOperation(insn, null));
    }

    @Override
    public void returnOperation(AbstractInsnNode insn, FactoryValue value, FactoryValue expected) {
    }

    @Override
    public FactoryValue merge(FactoryValue a, FactoryValue b) {
        return a.equals(b) ? a : FactoryValue.other(a.getSize());
    }

    private FactoryValue fresh(AbstractInsnNode insn, Type type, FactoryValue count) {
        return FactoryValue.fresh(method.instructions.indexOf(insn), type, new int[] {count.parameter()},
                lineOf(insn));
    }

    private int lineOf(AbstractInsnNode insn) {
        return lines.lineOf(insn);
    }

    private static BasicValue basic(FactoryValue v) {
        return v.getSize() == 2 ? BasicValue.DOUBLE_VALUE : BasicValue.INT_VALUE;
    }

    private static FactoryValue sized(BasicValue v) {
        return v == null ? null : FactoryValue.other(v.getSize());
    }
}
