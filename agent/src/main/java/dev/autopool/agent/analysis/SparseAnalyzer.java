package dev.autopool.agent.analysis;

import java.util.Arrays;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;
import org.objectweb.asm.tree.analysis.Value;

/**
 * ASM's {@link Analyzer} over basic blocks, keeping frames only where they are asked for. The {@code Analyzer}
 * keeps a frame per instruction and searches for subroutines even in code without {@code jsr}; this one keeps the
 * entry frame of each block ({@link ControlFlow}) and the frame before each instruction {@code keep} accepts, and
 * runs every reachable instruction through the interpreter with the same merges until nothing changes, so the
 * interpreter sees the same instructions and the kept frames are the same fixed point (for an interpreter whose
 * merge is a join). A handler's entry merges the locals before and after every instruction of its range, as the
 * {@code Analyzer} (9.10) does. Methods with {@code jsr}/{@code ret} go to the {@code Analyzer} itself. Asking for a frame
 * that was not kept throws, so a wrong answer is never silent.
 *
 * @param <V> the interpreter's values
 */
public final class SparseAnalyzer<V extends Value> {
    private final Interpreter<V> interpreter;

    public SparseAnalyzer(Interpreter<V> interpreter) {
        this.interpreter = interpreter;
    }

    /** The frames an analysis kept: at block entries and before the instructions it asked for. */
    public interface Frames<V extends Value> {
        /** The frame before instruction {@code index}, or null when it cannot be reached. */
        Frame<V> at(int index);
    }

    /** Runs the interpreter over every reachable instruction of {@code method}; keeps no frame but block entries. */
    public void check(String owner, MethodNode method) throws AnalyzerException {
        analyze(owner, method, ControlFlow.of(method), insn -> false);
    }

    /** Analyses {@code method} of class {@code owner} (internal name) over {@code flow}, keeping frames before the
     *  instructions {@code keep} accepts. */
    Frames<V> analyze(String owner, MethodNode method, ControlFlow flow, Predicate<AbstractInsnNode> keep)
            throws AnalyzerException {
        if (flow.subroutines) {
            Frame<V>[] all = new Analyzer<>(interpreter).analyze(owner, method);
            return index -> all[index];
        }
        AbstractInsnNode[] code = flow.code;
        int n = code.length;
        @SuppressWarnings("unchecked")
        Frame<V>[] frames = (Frame<V>[]) new Frame<?>[n];
        boolean[] kept = new boolean[n];
        for (int i = 0; i < n; i++) kept[i] = code[i].getOpcode() >= 0 && keep.test(code[i]);
        int blocks = flow.blockCount();
        int[] work = new int[blocks];
        boolean[] queued = new boolean[blocks];
        int top = 0;
        Frame<V> current = initialFrame(owner, method);
        frames[0] = new Frame<>(current);
        work[top++] = 0;
        queued[0] = true;
        Frame<V> thrown = new Frame<>(current);
        int handlers = flow.handlerCount();
        Type[] caught = new Type[handlers];
        for (int h = 0; h < handlers; h++) caught[h] = flow.caught(h);
        boolean[] stale = new boolean[handlers];
        while (top > 0) {
            int block = work[--top];
            queued[block] = false;
            int start = flow.start(block);
            int end = flow.end(block);
            current.init(frames[start]);
            Arrays.fill(stale, true);
            for (int i = start; i < end; i++) {
                AbstractInsnNode insn = code[i];
                try {
                    for (int h = 0; h < handlers; h++) {
                        // The locals change only at stores, so merging once per stretch without one is enough.
                        if (stale[h] && flow.covers(h, i)) {
                            stale[h] = false;
                            top = throwTo(h, current, thrown, caught[h], flow, frames, work, queued, top);
                        }
                    }
                    if (insn.getOpcode() < 0) {
                        continue; // a label, line number or frame
                    }
                    if (kept[i] && i != start) {
                        if (frames[i] == null) frames[i] = new Frame<>(current);
                        else frames[i].init(current);
                    }
                    current.execute(insn, interpreter);
                    if (changesLocals(insn.getOpcode())) {
                        // As the Analyzer does, a handler also merges the locals after each instruction of its range.
                        for (int h = 0; h < handlers; h++) {
                            stale[h] = !flow.covers(h, i);
                            if (!stale[h]) {
                                top = throwTo(h, current, thrown, caught[h], flow, frames, work, queued, top);
                            }
                        }
                    }
                } catch (AnalyzerException e) {
                    throw new AnalyzerException(e.node, "Error at instruction " + i + ": " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    throw new AnalyzerException(insn, "Error at instruction " + i + ": " + e.getMessage(), e);
                }
            }
            for (int next : flow.successors(block)) {
                if (next == ControlFlow.OFF_THE_END) {
                    throw new AnalyzerException(null, "Execution can fall off the end of the code");
                }
                try {
                    if (merge(frames, next, current)) {
                        top = enqueue(flow.blockOf(next), work, queued, top);
                    }
                } catch (AnalyzerException e) {
                    throw new AnalyzerException(e.node, "Error at instruction " + next + ": " + e.getMessage(), e);
                }
            }
        }
        return index -> {
            if (!kept[index] && !flow.isBlockStart(index)) {
                throw new IllegalStateException("no frame was kept before instruction " + index);
            }
            return frames[index];
        };
    }

    /** Merges {@code current}'s locals, with the caught exception on the stack, into handler {@code h}'s entry. */
    private int throwTo(int h, Frame<V> current, Frame<V> thrown, Type caught, ControlFlow flow, Frame<V>[] frames,
                        int[] work, boolean[] queued, int top) throws AnalyzerException {
        thrown.init(current);
        thrown.clearStack();
        thrown.push(interpreter.newExceptionValue(flow.tryCatch(h), thrown, caught));
        return merge(frames, flow.handler(h), thrown) ? enqueue(flow.blockOf(flow.handler(h)), work, queued, top) : top;
    }

    private boolean merge(Frame<V>[] frames, int index, Frame<V> frame) throws AnalyzerException {
        if (frames[index] == null) {
            frames[index] = new Frame<>(frame);
            return true;
        }
        return frames[index].merge(frame, interpreter);
    }

    private static int enqueue(int block, int[] work, boolean[] queued, int top) {
        if (queued[block]) return top;
        queued[block] = true;
        work[top] = block;
        return top + 1;
    }

    private static boolean changesLocals(int op) {
        return (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) || op == Opcodes.IINC;
    }

    /** The frame on entry, as the {@code Analyzer} makes it. */
    private Frame<V> initialFrame(String owner, MethodNode method) {
        Frame<V> frame = new Frame<>(method.maxLocals, method.maxStack);
        int local = 0;
        boolean instance = (method.access & Opcodes.ACC_STATIC) == 0;
        if (instance) {
            frame.setLocal(local, interpreter.newParameterValue(true, local, Type.getObjectType(owner)));
            local++;
        }
        for (Type t : Type.getArgumentTypes(method.desc)) {
            frame.setLocal(local, interpreter.newParameterValue(instance, local, t));
            local++;
            if (t.getSize() == 2) {
                frame.setLocal(local, interpreter.newEmptyValue(local));
                local++;
            }
        }
        while (local < method.maxLocals) {
            frame.setLocal(local, interpreter.newEmptyValue(local));
            local++;
        }
        frame.setReturn(interpreter.newReturnTypeValue(Type.getReturnType(method.desc)));
        return frame;
    }
}
