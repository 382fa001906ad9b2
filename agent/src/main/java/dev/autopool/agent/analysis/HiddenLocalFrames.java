package dev.autopool.agent.analysis;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodNode;

/**
 * Stack map frames for a method that gains hidden locals and one catch-all handler, derived from the method's own
 * frames without any type merge: the inserted code has no branch of its own, so every existing frame stays what
 * it was, plus the hidden locals, each typed {@code java/lang/Object} (a buffer) or {@code int} (a loan's
 * generation) and set in the method's prologue; the handler's frame declares only the hidden locals (everything
 * else {@code TOP}) and a {@code Throwable} on the stack. No class hierarchy is consulted, so no verifier error
 * can come from guessing one.
 */
public final class HiddenLocalFrames {
    public static final String OBJECT = "java/lang/Object";

    private HiddenLocalFrames() {}

    /**
     * Why this method's frames cannot be extended this way, or null. A class file older than Java 6 has no frames
     * to extend and needs none: the JVM infers its types (the inserted code merges nothing it could not), so the
     * class writer leaves the inserted handler's frame out.
     */
    static String unfit(int classVersion, MethodNode method) {
        boolean old = (classVersion & 0xFFFF) < Opcodes.V1_6;
        boolean hasFrames = false;
        boolean needsFrames = !method.tryCatchBlocks.isEmpty();
        for (AbstractInsnNode insn : method.instructions) {
            int op = insn.getOpcode();
            if (op == Opcodes.JSR || op == Opcodes.RET) {
                return "the method uses jsr/ret subroutines";
            }
            hasFrames |= insn instanceof FrameNode;
            needsFrames |= insn.getType() == AbstractInsnNode.JUMP_INSN || insn.getType() == AbstractInsnNode.TABLESWITCH_INSN
                    || insn.getType() == AbstractInsnNode.LOOKUPSWITCH_INSN;
        }
        if (needsFrames && !hasFrames && !old) {
            return "the class file (Java 6) has no stack map frames for this method";
        }
        return null;
    }

    /**
     * Rewrites every frame of {@code method} as a full frame ({@code F_NEW}) with hidden locals from slot
     * {@code firstHidden} on, one per entry of {@code types} ({@link #OBJECT} or {@code Opcodes.INTEGER}, one slot
     * each). Call before any code is inserted.
     */
    public static void addHiddenLocals(String owner, MethodNode method, int firstHidden, List<Object> types) {
        List<Object> locals = entryLocals(owner, method);
        List<Object> stack = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (!(insn instanceof FrameNode f)) {
                continue;
            }
            switch (f.type) {
                case Opcodes.F_NEW, Opcodes.F_FULL -> {
                    locals = new ArrayList<>(f.local);
                    stack = new ArrayList<>(f.stack);
                }
                case Opcodes.F_SAME -> stack = new ArrayList<>();
                case Opcodes.F_SAME1 -> stack = new ArrayList<>(List.of(f.stack.get(0)));
                case Opcodes.F_APPEND -> {
                    locals = new ArrayList<>(locals);
                    locals.addAll(f.local);
                    stack = new ArrayList<>();
                }
                case Opcodes.F_CHOP -> {
                    locals = new ArrayList<>(locals.subList(0, locals.size() - f.local.size()));
                    stack = new ArrayList<>();
                }
                default -> throw new IllegalStateException("unknown frame type " + f.type);
            }
            List<Object> extended = withHidden(locals, firstHidden, types, false);
            f.type = Opcodes.F_NEW;
            f.local = extended;
            f.stack = new ArrayList<>(stack);
        }
    }

    /**
     * Runs {@code prologue} first, then the method's code inside one catch-all handler that runs {@code onThrow}
     * (which sees only the hidden locals) and rethrows: how inserted code reaches every exceptional exit without
     * a type merge.
     */
    static void wrapInCatchAll(MethodNode method, InsnList prologue, int firstHidden, List<Object> types,
                               InsnList onThrow) {
        wrapInCatchAll(method, null, prologue, firstHidden, types, onThrow);
    }

    /**
     * As {@link #wrapInCatchAll(MethodNode, InsnList, int, List, InsnList)}, with the prologue and the handler's
     * range starting right after {@code after} (a constructor's {@code super(...)} call, see
     * {@link ConstructorStart}), or at the method's start when it is null.
     */
    static void wrapInCatchAll(MethodNode method, AbstractInsnNode after, InsnList prologue, int firstHidden,
                               List<Object> types, InsnList onThrow) {
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        LabelNode handler = new LabelNode();
        prologue.add(start);
        if (after == null) {
            method.instructions.insert(prologue);
        } else {
            method.instructions.insert(after, prologue);
        }
        method.instructions.add(end);
        method.instructions.add(handler);
        method.instructions.add(handlerFrame(firstHidden, types));
        method.instructions.add(onThrow);
        method.instructions.add(new InsnNode(Opcodes.ATHROW));
        method.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, null));
    }

    /** The catch-all handler's frame: only the hidden locals, and the exception on the stack. */
    static FrameNode handlerFrame(int firstHidden, List<Object> types) {
        List<Object> locals = withHidden(List.of(), firstHidden, types, true);
        return new FrameNode(Opcodes.F_NEW, locals.size(), locals.toArray(), 1, new Object[] {"java/lang/Throwable"});
    }

    private static List<Object> withHidden(List<Object> locals, int firstHidden, List<Object> types,
                                           boolean onlyHidden) {
        List<Object> out = new ArrayList<>(onlyHidden ? List.of() : locals);
        int slots = 0;
        for (Object l : out) {
            slots += l == Opcodes.LONG || l == Opcodes.DOUBLE ? 2 : 1;
        }
        if (slots > firstHidden) {
            throw new IllegalStateException("a frame declares more locals than the method has");
        }
        for (; slots < firstHidden; slots++) {
            out.add(Opcodes.TOP);
        }
        out.addAll(types);
        return out;
    }

    /** The locals the JVM starts the method with (the implicit first frame), in frame notation. */
    private static List<Object> entryLocals(String owner, MethodNode method) {
        List<Object> locals = new ArrayList<>();
        if ((method.access & Opcodes.ACC_STATIC) == 0) {
            locals.add(method.name.equals("<init>") ? Opcodes.UNINITIALIZED_THIS : owner);
        }
        for (Type t : Type.getArgumentTypes(method.desc)) {
            locals.add(switch (t.getSort()) {
                case Type.BOOLEAN, Type.CHAR, Type.BYTE, Type.SHORT, Type.INT -> Opcodes.INTEGER;
                case Type.FLOAT -> Opcodes.FLOAT;
                case Type.LONG -> Opcodes.LONG;
                case Type.DOUBLE -> Opcodes.DOUBLE;
                case Type.ARRAY -> t.getDescriptor();
                default -> t.getInternalName();
            });
        }
        return locals;
    }
}
