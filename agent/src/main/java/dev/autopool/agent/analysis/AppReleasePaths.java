package dev.autopool.agent.analysis;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.Set;
import org.objectweb.asm.Opcodes;

/**
 * Whether every path from a borrow meets one of the app's releases of its buffer before it leaves the method or
 * runs the borrow again. An {@code arrays} rule pools a {@code new} the app hands to a release method only then:
 * a release on some paths only (an {@code if}, a {@code break} before it) would leave the arrays of the other paths
 * to the GC, reported as leaks of a {@code new} nobody asked to pool.
 */
final class AppReleasePaths {
    private AppReleasePaths() {}

    /** Over {@code flow}: whether each path from instruction {@code borrow} reaches one of {@code releases} first. */
    static boolean releaseOnEveryPath(ControlFlow flow, int borrow, Set<Integer> releases) {
        if (releases.isEmpty()) {
            return false;
        }
        BitSet seen = new BitSet(flow.code.length);
        Deque<Integer> work = new ArrayDeque<>();
        if (!follow(flow, borrow, work)) {
            return false;
        }
        while (!work.isEmpty()) {
            int i = work.pop();
            if (seen.get(i) || releases.contains(i)) {
                continue; // a release ends this path: its buffer went home
            }
            if (i == borrow) {
                return false; // borrowed again with the buffer still out
            }
            seen.set(i);
            int op = flow.code[i].getOpcode();
            if ((op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || !follow(flow, i, work)) {
                return false; // leaves the method with the buffer still out
            }
        }
        return true;
    }

    /** Pushes the instructions control may go to after {@code i}; false when it may leave the method instead. */
    private static boolean follow(ControlFlow flow, int i, Deque<Integer> work) {
        int op = flow.code[i].getOpcode();
        if (op == Opcodes.ATHROW) {
            boolean caught = false;
            for (int h = 0; h < flow.handlerCount(); h++) {
                if (flow.covers(h, i)) {
                    work.push(flow.handler(h));
                    caught |= flow.tryCatch(h).type == null || flow.tryCatch(h).type.equals("java/lang/Throwable");
                }
            }
            return caught;
        }
        int block = flow.blockOf(i);
        if (i + 1 < flow.end(block)) {
            work.push(i + 1);
            return true;
        }
        for (int next : flow.successors(block)) {
            if (next == ControlFlow.OFF_THE_END) {
                return false;
            }
            work.push(next);
        }
        return true;
    }
}
