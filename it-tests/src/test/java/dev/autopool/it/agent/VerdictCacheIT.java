package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import dev.autopool.it.fixtures.cached.CachedApp;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Issue 16, item 4: verdicts kept across runs ({@code set cache=DIR}) through the real agent jar. A warm run
 * takes the verdict from the cache instead of analysing and pools exactly what the cold run pooled; a run where
 * the class the verdict rests on has other bytes does not use the cached verdict: it analyses again, finds that
 * the helper keeps its argument, and pools nothing. Every run prints what the app prints without the agent.
 */
class VerdictCacheIT {
    private static final String APP = CachedApp.class.getName();
    private static final String HELPER = "dev/autopool/it/fixtures/cached/CachedHelper";
    private static final String ROUNDS = "500";

    @Test
    void aWarmRunMakesTheSameVerdictsAndAChangedDependencyIsAnalysedAgain() throws Exception {
        Path work = Files.createTempDirectory("autopool-cache-it");
        Path cache = work.resolve("verdicts");
        Path conf = Files.createTempFile(work, "rules", ".conf");
        Files.writeString(conf, "arrays " + CachedApp.class.getPackageName() + ".*\nset leak=full\n");
        String args = "config=" + conf + ",log=debug,cache=" + cache;
        String cp = System.getProperty("java.class.path");

        ChildRun plain = ChildJvm.create().runClass(cp, APP, 120, ROUNDS);
        ChildRun cold = withAgent(args).runClass(cp, APP, 120, ROUNDS);
        ChildRun warm = withAgent(args).runClass(cp, APP, 120, ROUNDS);
        for (ChildRun run : List.of(plain, cold, warm)) assertEquals(0, run.exitCode(), run::toString);
        assertEquals(plain.result(), cold.result(), cold::toString);
        assertEquals(plain.result(), warm.result(), warm::toString);

        Map<String, String> coldCache = cold.counters("autopool CACHE");
        Map<String, String> warmCache = warm.counters("autopool CACHE");
        assertEquals("0", coldCache.get("hits"), cold::toString);
        assertTrue(Long.parseLong(coldCache.get("written")) >= 1, cold::toString);
        assertTrue(Long.parseLong(warmCache.get("hits")) >= 2, () -> "allocations and borrows of scratch\n" + warm);
        assertEquals("0", warmCache.get("misses"), warm::toString);
        assertEquals("0", warmCache.get("written"), warm::toString);
        assertEquals(Long.parseLong(ROUNDS), cold.summaryCount("borrows"), cold::toString);
        for (String key : List.of("borrows", "releases", "leaks", "outstanding")) {
            assertEquals(cold.summaryCount(key), warm.summaryCount(key), key + "\n" + warm);
        }
        assertEquals(cold.lines("autopool REWROTE"), warm.lines("autopool REWROTE"), warm::toString);

        // The helper now keeps its argument: same caller bytes, same rules, only the dependency changed.
        Path changed = work.resolve("changed");
        Path helper = changed.resolve(HELPER + ".class");
        Files.createDirectories(helper.getParent());
        Files.write(helper, keepingHelper());
        String changedCp = changed + File.pathSeparator + cp;
        ChildRun changedPlain = ChildJvm.create().runClass(changedCp, APP, 120, ROUNDS);
        ChildRun changedRun = withAgent(args).runClass(changedCp, APP, 120, ROUNDS);
        assertEquals(0, changedRun.exitCode(), changedRun::toString);
        assertEquals(changedPlain.result(), changedRun.result(), changedRun::toString);
        assertEquals("0", changedRun.counters("autopool CACHE").get("hits"), changedRun::toString);
        assertEquals(List.of(), changedRun.lines("autopool REWROTE"), () -> "a kept buffer is never pooled\n"
                + changedRun);
        assertTrue(changedRun.lines("autopool SUMMARY").isEmpty() || changedRun.summaryCount("borrows") == 0,
                changedRun::toString);
    }

    private static ChildJvm withAgent(String args) {
        return ChildJvm.create().withAgent(AgentRuns.agentJar(), args);
    }

    /** {@code CachedHelper} whose {@code sum} stores its argument in {@code kept} before reading it. */
    private static byte[] keepingHelper() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, HELPER, null,
                "java/lang/Object", null);
        cw.visitField(Opcodes.ACC_STATIC, "kept", "[F", null, null).visitEnd();
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        init.visitCode();
        init.visitIntInsn(Opcodes.BIPUSH, 8);
        init.visitIntInsn(Opcodes.NEWARRAY, Opcodes.T_FLOAT);
        init.visitFieldInsn(Opcodes.PUTSTATIC, HELPER, "kept", "[F");
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor sum = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "sum", "([F)F", null, null);
        sum.visitCode();
        sum.visitVarInsn(Opcodes.ALOAD, 0);
        sum.visitFieldInsn(Opcodes.PUTSTATIC, HELPER, "kept", "[F");
        sum.visitVarInsn(Opcodes.ALOAD, 0);
        sum.visitIntInsn(Opcodes.BIPUSH, 7);
        sum.visitInsn(Opcodes.FALOAD);
        sum.visitInsn(Opcodes.FRETURN);
        sum.visitMaxs(0, 0);
        sum.visitEnd();
        MethodVisitor kept = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "keptValue", "()F", null, null);
        kept.visitCode();
        kept.visitFieldInsn(Opcodes.GETSTATIC, HELPER, "kept", "[F");
        kept.visitIntInsn(Opcodes.BIPUSH, 7);
        kept.visitInsn(Opcodes.FALOAD);
        kept.visitInsn(Opcodes.FRETURN);
        kept.visitMaxs(0, 0);
        kept.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
