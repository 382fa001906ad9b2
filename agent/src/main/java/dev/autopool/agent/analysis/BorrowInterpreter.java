package dev.autopool.agent.analysis;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import dev.autopool.agent.config.Rule;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * Tracks which values come from borrows (or, in a callee summary, from parameters) through locals, the stack,
 * casts, merges and sub-arrays, and logs every way a tracked value can leave the method. Value sizes are
 * delegated to ASM's {@link BasicInterpreter}.
 */
final class BorrowInterpreter extends Interpreter<PoolValue> {
    private final BasicInterpreter basic = new BasicInterpreter();
    private final MethodNode method;
    private final BorrowRules rules;
    private final Callees callees;
    private final int depth;
    /** Set while a callee is summarised: its parameters are tracked, and it is original (unrewritten) code. */
    private final boolean trackParameters;
    private final Lines lines;
    private final EscapeLog log;
    private final Predicate<AbstractInsnNode> allocations;

    BorrowInterpreter(MethodNode method, BorrowRules rules, Callees callees, int depth, boolean trackParameters,
                      Lines lines, EscapeLog log, Predicate<AbstractInsnNode> allocations) {
        super(Opcodes.ASM9);
        this.allocations = allocations;
        this.method = method;
        this.rules = rules;
        this.callees = callees;
        this.depth = depth;
        this.trackParameters = trackParameters;
        this.lines = lines;
        this.log = log;
    }

    @Override
    public PoolValue newValue(Type type) {
        if (Type.VOID_TYPE.equals(type)) {
            return null;
        }
        return PoolValue.untracked(type == null ? 1 : type.getSize());
    }

    @Override
    public PoolValue newParameterValue(boolean isInstanceMethod, int local, Type type) {
        if (!trackParameters || (type.getSort() != Type.ARRAY && type.getSort() != Type.OBJECT)) {
            return newValue(type);
        }
        return PoolValue.of(new Origin(Source.parameter(parameterIndex(isInstanceMethod, local), dims(type)), 0));
    }

    @Override
    public PoolValue newExceptionValue(TryCatchBlockNode tryCatch, Frame<PoolValue> handlerFrame, Type type) {
        return PoolValue.ONE;
    }

    @Override
    public PoolValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
        return sized(basic.newOperation(insn));
    }

    @Override
    public PoolValue copyOperation(AbstractInsnNode insn, PoolValue value) {
        return value;
    }

    @Override
    public PoolValue unaryOperation(AbstractInsnNode insn, PoolValue value) throws AnalyzerException {
        switch (insn.getOpcode()) {
            case Opcodes.CHECKCAST:
                return value;
            case Opcodes.NEWARRAY:
                return allocations.test(insn) ? borrowedAt(insn, newArrayType((IntInsnNode) insn))
                        : sized(basic.unaryOperation(insn, basic(value)));
            case Opcodes.GETFIELD:
                // An owned field's read, judged as if it borrowed (OwnerFences): its value must die locally.
                return allocations.test(insn) ? borrowedAt(insn, Type.getType(((FieldInsnNode) insn).desc))
                        : sized(basic.unaryOperation(insn, basic(value)));
            case Opcodes.PUTSTATIC:
                if (value.isTracked()) {
                    escape(value, "stored to static field " + field(insn) + " at " + lines.where(insn));
                }
                return null;
            case Opcodes.MONITORENTER:
            case Opcodes.MONITOREXIT:
                if (value.isTracked()) {
                    escape(value, "used as a monitor at " + lines.where(insn));
                }
                return null;
            default:
                return sized(basic.unaryOperation(insn, basic(value)));
        }
    }

    @Override
    public PoolValue binaryOperation(AbstractInsnNode insn, PoolValue left, PoolValue right)
            throws AnalyzerException {
        switch (insn.getOpcode()) {
            case Opcodes.AALOAD:
                return left.rows();
            case Opcodes.PUTFIELD:
                if (right.isTracked()) {
                    escape(right, "stored to field " + field(insn) + " at " + lines.where(insn));
                }
                return null;
            default:
                return sized(basic.binaryOperation(insn, basic(left), basic(right)));
        }
    }

    @Override
    public PoolValue ternaryOperation(AbstractInsnNode insn, PoolValue array, PoolValue index, PoolValue value) {
        // Reasons are built only for tracked values: these run at every visit of every such instruction.
        if (insn.getOpcode() == Opcodes.AASTORE && (value.isTracked() || array.isTracked())) {
            escape(value, "stored into an array at " + lines.where(insn));
            // A recycled matrix must keep its own rows: any row replaced makes it unfit for the pool.
            escape(array, "has a row replaced at " + lines.where(insn));
        }
        return null;
    }

    @Override
    public PoolValue naryOperation(AbstractInsnNode insn, List<? extends PoolValue> values)
            throws AnalyzerException {
        int opcode = insn.getOpcode();
        if (opcode == Opcodes.INVOKEDYNAMIC) {
            InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) insn;
            for (PoolValue v : values) {
                if (v.isTracked()) {
                    escape(v, "captured by a lambda or invokedynamic `" + indy.name + "` at " + lines.where(insn));
                }
            }
            return newValue(Type.getReturnType(indy.desc));
        }
        if (opcode == Opcodes.MULTIANEWARRAY) {
            return allocations.test(insn) ? borrowedAt(insn, Type.getType(((MultiANewArrayInsnNode) insn).desc))
                    : sized(basic.naryOperation(insn, null));
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        Type returnType = Type.getReturnType(call.desc);
        if (allocations.test(insn)) {
            return borrowedAt(insn, BorrowRules.borrowedType(call)); // a call judged as if it borrowed
        }
        if (rules.isBorrow(call, trackParameters)) {
            Rule factory = trackParameters ? rules.factoryRuleOf(call) : null;
            if (factory == null) {
                return borrowedAt(insn, BorrowRules.borrowedType(call));
            }
            // Original code calling a factory: a borrow only where the agent pools that call, i.e. its body passes
            // the rule's check; a refused body's result may be anything (its argument, a cached array).
            Set<ClassKey> basis = callees.pooledFactory(call, factory.dimensionArguments());
            if (basis != null) {
                PoolValue borrowed = borrowedAt(insn, BorrowRules.borrowedType(call));
                log.restsOn(CalleeSummary.harmless(0, basis));
                log.restsOn(borrowed.origins(), basis);
                return borrowed;
            }
        }
        if (rules.isReleasable(call)) {
            return values.get(3); // the array, or nothing after an override: never kept by the runtime
        }
        if (rules.isRelease(call)) {
            for (PoolValue v : values) {
                if (v.isTracked()) {
                    log.released(v, lines.where(insn), method.instructions.indexOf(insn));
                }
            }
            return newValue(returnType);
        }
        if (noneTracked(values)
                && (returnType.getSort() != Type.ARRAY || !callees.mayHandOutBorrows(call.owner))) {
            return newValue(returnType);
        }
        if (call.owner.equals("java/lang/System") && call.name.equals("arraycopy")) {
            onlyLeavesMay(values.get(0), "has its rows copied by System.arraycopy at " + lines.where(insn));
            onlyLeavesMay(values.get(2), "has its rows replaced by System.arraycopy at " + lines.where(insn));
            return null;
        }
        CalleeSummary summary = callees.summaryOf(call, depth);
        log.restsOn(summary);
        Set<Origin> returned = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            PoolValue v = values.get(i);
            if (!v.isTracked()) {
                continue;
            }
            log.restsOn(v.origins(), summary.dependsOn());
            switch (summary.effect(i)) {
                case HARMLESS -> { }
                case RELEASED_BY_CALLEE -> log.released(v, lines.where(insn), method.instructions.indexOf(insn));
                case RETURNED -> returned.addAll(v.origins());
                case ESCAPES -> escape(v, "passed to " + simpleName(call.owner) + "." + call.name + " at "
                        + lines.where(insn) + ", which " + summary.reason(i));
            }
        }
        if (summary.returnsBorrow() && returnType.getSort() == Type.ARRAY) {
            PoolValue borrowed = borrowedAt(insn, returnType);
            log.restsOn(borrowed.origins(), summary.dependsOn()); // a borrow only because of what the callee does
            return borrowed;
        }
        if (!returned.isEmpty()) {
            return PoolValue.of(returned, true); // the callee may also return something else
        }
        return newValue(returnType);
    }

    @Override
    public void returnOperation(AbstractInsnNode insn, PoolValue value, PoolValue expected) {
        if (insn.getOpcode() == Opcodes.ARETURN) {
            log.returned(value, lines.where(insn));
        }
    }

    @Override
    public PoolValue merge(PoolValue a, PoolValue b) {
        return a.merge(b);
    }

    private static boolean noneTracked(List<? extends PoolValue> values) {
        for (PoolValue v : values) {
            if (v.isTracked()) {
                return false;
            }
        }
        return true;
    }

    private PoolValue borrowedAt(AbstractInsnNode insn, Type arrayType) {
        return PoolValue.of(new Origin(log.borrowAt(method.instructions.indexOf(insn), dims(arrayType)), 0));
    }

    /** Copying elements of a primitive array is harmless; copying or replacing rows is not. */
    private void onlyLeavesMay(PoolValue v, String reason) {
        for (Origin o : v.origins()) {
            if (!o.isLeaf()) {
                log.escape(Set.of(o), reason);
            }
        }
    }

    private void escape(PoolValue value, String reason) {
        log.escape(value.origins(), reason);
    }

    private int parameterIndex(boolean isInstanceMethod, int local) {
        int slot = isInstanceMethod ? 1 : 0;
        if (isInstanceMethod && local == 0) {
            return 0;
        }
        int index = isInstanceMethod ? 1 : 0;
        for (Type t : Type.getArgumentTypes(method.desc)) {
            if (slot == local) {
                return index;
            }
            slot += t.getSize();
            index++;
        }
        throw new IllegalArgumentException("no parameter in local " + local);
    }

    /** The array type a {@code NEWARRAY} creates. */
    static Type newArrayType(IntInsnNode newArray) {
        return Type.getType(switch (newArray.operand) {
            case Opcodes.T_BOOLEAN -> "[Z";
            case Opcodes.T_CHAR -> "[C";
            case Opcodes.T_BYTE -> "[B";
            case Opcodes.T_SHORT -> "[S";
            case Opcodes.T_INT -> "[I";
            case Opcodes.T_FLOAT -> "[F";
            case Opcodes.T_LONG -> "[J";
            default -> "[D";
        });
    }

    static int dims(Type type) {
        if (type.getSort() != Type.ARRAY || type.getElementType().getSort() > Type.DOUBLE) {
            return Source.UNKNOWN_DIMS;
        }
        return type.getDimensions();
    }

    private static String field(AbstractInsnNode insn) {
        FieldInsnNode f = (FieldInsnNode) insn;
        return "`" + simpleName(f.owner) + "." + f.name + "`";
    }

    static String simpleName(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }

    private static BasicValue basic(PoolValue v) {
        return v.getSize() == 2 ? BasicValue.DOUBLE_VALUE : BasicValue.REFERENCE_VALUE;
    }

    private static PoolValue sized(BasicValue v) {
        return v == null ? null : PoolValue.untracked(v.getSize());
    }
}
