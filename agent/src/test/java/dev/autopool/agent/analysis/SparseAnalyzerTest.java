package dev.autopool.agent.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.agent.analysis.fixtures.Corpus;
import dev.autopool.agent.analysis.fixtures.Factories;
import dev.autopool.agent.analysis.fixtures.Helpers;
import dev.autopool.agent.config.ConfigParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.Value;

/**
 * The sparse analyzer against ASM's Analyzer on real methods (the escape corpus and some of the agent's own
 * classes, loops, switches, handlers and all): the same frames wherever it keeps one, no frame where it keeps none.
 */
class SparseAnalyzerTest {
    static Stream<Class<?>> classes() {
        return Stream.of(Corpus.class, Factories.class, Helpers.class, ConfigParser.class, EscapeAnalysis.class,
                ReleaseInsertion.class, HiddenLocalReleases.class, ControlFlow.class, SparseAnalyzer.class,
                VerdictCache.class);
    }

    @ParameterizedTest
    @MethodSource("classes")
    void keepsTheAnalyzersFramesAtEveryInstructionItIsAskedFor(Class<?> type) throws AnalyzerException {
        ClassNode node = read(type);
        int compared = 0;
        for (MethodNode m : node.methods) {
            if (m.instructions.size() == 0) continue;
            compared += compare(node.name, m, new BasicInterpreter());
            compared += compare(node.name, m, new SourceInterpreter());
        }
        assertTrue(compared > 0, "no frame compared in " + type);
    }

    @ParameterizedTest
    @MethodSource("classes")
    void answersOnlyBlockEntriesAndTheInstructionsItKept(Class<?> type) throws AnalyzerException {
        ClassNode node = read(type);
        for (MethodNode m : node.methods) {
            if (m.instructions.size() == 0) continue;
            ControlFlow flow = ControlFlow.of(m);
            SparseAnalyzer.Frames<?> frames = new SparseAnalyzer<>(new BasicInterpreter())
                    .analyze(node.name, m, flow, insn -> insn.getOpcode() == Opcodes.INVOKESTATIC);
            for (int i = 0; i < m.instructions.size(); i++) {
                AbstractInsnNode insn = m.instructions.get(i);
                int index = i;
                if (!flow.isBlockStart(i) && insn.getOpcode() != Opcodes.INVOKESTATIC) {
                    assertThrows(IllegalStateException.class, () -> frames.at(index));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("classes")
    void livenessPerBlockMatchesAStepPerInstruction(Class<?> type) {
        ClassNode node = read(type);
        for (MethodNode m : node.methods) {
            if (m.instructions.size() == 0) continue;
            ControlFlow blocks = ControlFlow.of(m);
            int n = m.instructions.size();
            int[][] edges = new int[n][];
            for (int b = 0; b < blocks.blockCount(); b++) {
                for (int i = blocks.start(b); i < blocks.end(b) - 1; i++) edges[i] = new int[] {i + 1};
                int[] out = java.util.Arrays.stream(blocks.successors(b)).filter(s -> s >= 0).toArray();
                edges[blocks.end(b) - 1] = out;
            }
            Liveness perBlock = Liveness.of(blocks, m.maxLocals);
            Liveness perInstruction = Liveness.of(ControlFlow.perInstruction(m, edges), m.maxLocals);
            for (int i = 0; i < n; i++) {
                for (int slot = 0; slot < m.maxLocals; slot++) {
                    assertEquals(perInstruction.isLiveBefore(i, slot), perBlock.isLiveBefore(i, slot),
                            node.name + "." + m.name + m.desc + " instruction " + i + " slot " + slot);
                }
            }
        }
    }

    private static <V extends Value> int compare(String owner, MethodNode m, Interpreter<V> interpreter)
            throws AnalyzerException {
        Frame<V>[] expected = new Analyzer<>(interpreter).analyze(owner, m);
        SparseAnalyzer.Frames<V> actual = new SparseAnalyzer<>(interpreter)
                .analyze(owner, m, ControlFlow.of(m), insn -> true);
        int compared = 0;
        for (int i = 0; i < expected.length; i++) {
            if (m.instructions.get(i).getOpcode() < 0 && !ControlFlow.of(m).isBlockStart(i)) continue;
            Frame<V> e = expected[i];
            Frame<V> a = actual.at(i);
            String where = owner + "." + m.name + m.desc + " instruction " + i;
            if (e == null) {
                assertNull(a, where);
                continue;
            }
            assertEquals(e.getLocals(), a.getLocals(), where);
            assertEquals(e.getStackSize(), a.getStackSize(), where);
            for (int l = 0; l < e.getLocals(); l++) assertEquals(e.getLocal(l), a.getLocal(l), where + " local " + l);
            for (int s = 0; s < e.getStackSize(); s++) assertEquals(e.getStack(s), a.getStack(s), where + " stack " + s);
            compared++;
        }
        return compared;
    }

    private static ClassNode read(Class<?> type) {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            ClassNode node = new ClassNode();
            new ClassReader(in).accept(node, 0);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
