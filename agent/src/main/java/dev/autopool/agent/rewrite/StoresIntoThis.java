package dev.autopool.agent.rewrite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * The {@code putfield}s of a method whose object is {@code this} ({@code aload_0} in an instance method that never
 * writes slot 0) and that may read the field's previous value first: everywhere outside a constructor, and in a
 * constructor only where {@code this} is initialized on every path that reaches the store (after the
 * {@code super(...)} or {@code this(...)} call): the verifier refuses a {@code getfield} on an uninitialized
 * {@code this}. A store into another object is left out because a {@code getfield} on null would throw an exception
 * with another message than the app's own {@code putfield}.
 */
final class StoresIntoThis {
    private StoresIntoThis() {}

    /** The stores {@code wanted} accepts that qualify, or null when the method cannot be analysed. */
    static Set<AbstractInsnNode> of(String owner, MethodNode method, Predicate<FieldInsnNode> wanted) {
        boolean constructor = method.name.equals("<init>");
        Edges analyzer = new Edges(method.instructions.size());
        Frame<SourceValue>[] frames;
        try {
            frames = analyzer.analyze(owner, method);
        } catch (AnalyzerException | RuntimeException e) {
            return null;
        }
        boolean[] initialized = constructor ? initializedBefore(method, frames, analyzer.predecessors) : null;
        Set<AbstractInsnNode> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < frames.length; i++) {
            AbstractInsnNode insn = method.instructions.get(i);
            Frame<SourceValue> f = frames[i];
            if (f == null || !(insn instanceof FieldInsnNode put) || put.getOpcode() != Opcodes.PUTFIELD
                    || !wanted.test(put) || (initialized != null && !initialized[i])) {
                continue;
            }
            if (isThis(f.getStack(f.getStackSize() - 2))) out.add(insn);
        }
        return out;
    }

    /**
     * The calls of a constructor that initialize {@code this} (its {@code super(...)} or {@code this(...)} call), or
     * null when the method cannot be analysed: right after one, {@code this} may be passed on.
     */
    static Set<AbstractInsnNode> initializingCalls(String owner, MethodNode method) {
        Frame<SourceValue>[] frames;
        try {
            frames = new Edges(method.instructions.size()).analyze(owner, method);
        } catch (AnalyzerException | RuntimeException e) {
            return null;
        }
        Set<AbstractInsnNode> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < frames.length; i++) {
            if (initializesThis(method, frames, i)) out.add(method.instructions.get(i));
        }
        return out;
    }

    private static boolean initializesThis(MethodNode method, Frame<SourceValue>[] frames, int i) {
        return frames[i] != null && method.instructions.get(i) instanceof MethodInsnNode call
                && call.getOpcode() == Opcodes.INVOKESPECIAL && call.name.equals("<init>")
                && isThis(receiver(frames[i], call));
    }

    /**
     * Per instruction, whether {@code this} is initialized on every path to it: a forward must-analysis from the
     * entry (not initialized) where the constructor call on {@code this} initializes it for its successors; an
     * exception edge carries the state before the throwing instruction (the constructor call may throw).
     */
    private static boolean[] initializedBefore(MethodNode method, Frame<SourceValue>[] frames,
                                               List<List<int[]>> predecessors) {
        int n = frames.length;
        boolean[] initsThis = new boolean[n];
        for (int i = 0; i < n; i++) {
            initsThis[i] = initializesThis(method, frames, i);
        }
        boolean[] before = new boolean[n];
        Arrays.fill(before, true);
        before[0] = false;
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int i = 1; i < n; i++) {
                if (frames[i] == null || !before[i]) continue;
                boolean all = !predecessors.get(i).isEmpty();
                for (int[] edge : predecessors.get(i)) {
                    int p = edge[0];
                    all &= before[p] || (edge[1] == 0 && initsThis[p]);
                }
                if (!all) {
                    before[i] = false;
                    changed = true;
                }
            }
        }
        return before;
    }

    private static SourceValue receiver(Frame<SourceValue> f, MethodInsnNode call) {
        return f.getStack(f.getStackSize() - 1 - Type.getArgumentTypes(call.desc).length);
    }

    private static boolean isThis(SourceValue value) {
        boolean self = !value.insns.isEmpty();
        for (AbstractInsnNode source : value.insns) {
            self &= source instanceof VarInsnNode load && load.getOpcode() == Opcodes.ALOAD && load.var == 0;
        }
        return self;
    }

    /** The analysis, noting each edge as (from, 0 for a normal edge or 1 for an exception edge) at its target. */
    private static final class Edges extends Analyzer<SourceValue> {
        final List<List<int[]>> predecessors = new ArrayList<>();

        Edges(int size) {
            super(new SourceInterpreter());
            for (int i = 0; i < size; i++) predecessors.add(new ArrayList<>(2));
        }

        @Override
        protected void newControlFlowEdge(int from, int to) {
            predecessors.get(to).add(new int[] {from, 0});
        }

        @Override
        protected boolean newControlFlowExceptionEdge(int from, int to) {
            predecessors.get(to).add(new int[] {from, 1});
            return true;
        }
    }
}
