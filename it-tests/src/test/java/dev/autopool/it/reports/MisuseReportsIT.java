package dev.autopool.it.reports;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import dev.autopool.it.Jars;
import dev.autopool.it.Jdk;
import dev.autopool.it.fixtures.reports.Buffers;
import dev.autopool.it.fixtures.reports.DoubleReturningApp;
import dev.autopool.it.fixtures.reports.ForeignReturningApp;
import dev.autopool.it.fixtures.reports.LeakingApp;
import dev.autopool.it.fixtures.reports.TensorMisusingApp;
import dev.autopool.it.fixtures.reports.WritingAfterReturnApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apps with pooling bugs, run under the real agent: each bug is reported with its tag and the exact call site,
 * and the app's own results are the same as without the agent; on JDK 17 and the newest JDK installed.
 */
class MisuseReportsIT {
    private static final long TIMEOUT_SECONDS = 90;

    @TempDir
    static Path dir;
    private static Path rules;

    @BeforeAll
    static void writeRules() throws IOException {
        String buffers = Buffers.class.getName();
        rules = Files.writeString(dir.resolve("fixtures.conf"), String.join("\n",
                "# the fixture apps' factory and release point",
                "factory " + buffers + "#float3d(int,int,int)",
                "release " + buffers + "#free(java.lang.Object)", ""));
    }

    static List<Jdk> jdks() {
        return Jdk.installed();
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("jdks")
    void aBufferThatIsNeverReleasedIsReportedAsALeakAtItsBorrowSite(Jdk jdk) throws Exception {
        String site = FixtureSite.of(LeakingApp.class, "leakOne", "leak");
        Pair runs = runBoth(jdk, LeakingApp.class, "leak=full", "autopool LEAK");

        List<String> leaks = runs.pooled.lines("autopool LEAK");
        assertAll(
                () -> assertEquals("true", runs.pooled.result().get("collected"), runs.pooled::toString),
                () -> assertFalse(leaks.isEmpty(), runs.pooled::toString),
                () -> assertStartsWith("autopool LEAK float[2][64][64] (32768 bytes) borrowed at " + site
                        + " was garbage-collected without a release; ", leaks),
                () -> assertTrue(leaks.get(0).contains("Add a release"), () -> "says what to do: " + leaks),
                () -> assertTrue(runs.pooled.summaryCount("leaks") >= 1
                        && runs.pooled.summaryCount("leaks") <= LeakingApp.LEAKS, runs.pooled::toString));
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("jdks")
    void aSecondReleaseIsReportedWithBothReleaseSitesAndNeverHandsOneBufferOutTwice(Jdk jdk) throws Exception {
        String first = FixtureSite.of(DoubleReturningApp.class, "main", "first release");
        String second = FixtureSite.of(DoubleReturningApp.class, "releaseAgain", "second release");
        Pair runs = runBoth(jdk, DoubleReturningApp.class, "", "autopool DOUBLE-RETURN");

        List<String> reports = runs.pooled.lines("autopool DOUBLE-RETURN");
        assertAll(
                () -> assertEquals(1, reports.size(), runs.pooled::toString),
                () -> assertStartsWith("autopool DOUBLE-RETURN float[2][48][48] (18432 bytes) released twice: first at "
                        + first + ", again at " + second + "; ", reports),
                () -> assertEquals(1, runs.pooled.summaryCount("doubleReturns"), runs.pooled::toString),
                () -> assertEquals("true", runs.pooled.result().get("distinct"), runs.pooled::toString),
                () -> assertTrue(runs.pooled.lines("autopool LEAK").isEmpty(), runs.pooled::toString));
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("jdks")
    void releasingAnArrayThePoolNeverLentIsReportedAsAForeignReturn(Jdk jdk) throws Exception {
        String site = FixtureSite.of(ForeignReturningApp.class, "main", "foreign release");
        Pair runs = runBoth(jdk, ForeignReturningApp.class, "", "autopool FOREIGN-RETURN");

        List<String> reports = runs.pooled.lines("autopool FOREIGN-RETURN");
        assertAll(
                () -> assertEquals(1, reports.size(), runs.pooled::toString),
                () -> assertStartsWith("autopool FOREIGN-RETURN float[2][40][40] (12800 bytes) released at " + site
                        + " was never lent by the pool; ", reports),
                () -> assertEquals(1, runs.pooled.summaryCount("foreignReturns"), runs.pooled::toString),
                () -> assertTrue(runs.pooled.lines("autopool DOUBLE-RETURN").isEmpty(), runs.pooled::toString));
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("jdks")
    void aWriteAfterReleaseIsCaughtUnderParanoidAndTheNextBorrowerSeesZeros(Jdk jdk) throws Exception {
        String site = FixtureSite.of(WritingAfterReturnApp.class, "main", "release before write");
        String borrowSite = FixtureSite.of(WritingAfterReturnApp.class, "main", "borrow before write");
        Pair runs = runBoth(jdk, WritingAfterReturnApp.class, "leak=paranoid", "autopool WRITE-AFTER-RETURN");

        List<String> reports = runs.pooled.lines("autopool WRITE-AFTER-RETURN");
        assertAll(
                () -> assertEquals(1, reports.size(), runs.pooled::toString),
                () -> assertStartsWith("autopool WRITE-AFTER-RETURN float[1][32][32] (4096 bytes) was written after "
                        + "its release at " + site + " (borrowed at " + borrowSite + "); ", reports),
                () -> assertEquals(1, runs.pooled.summaryCount("writesAfterReturn"), runs.pooled::toString),
                () -> assertEquals("true", runs.pooled.result().get("zeroed"), runs.pooled::toString),
                () -> assertTrue(runs.pooled.lines("autopool LEAK").isEmpty(), runs.pooled::toString));
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("jdks")
    void aTensorThatIsNeverClosedIsReportedAsANativeLeakAtItsCreateTensorSite(Jdk jdk) throws Exception {
        String site = FixtureSite.of(TensorMisusingApp.class, "leakTensor", "tensor leak");
        Pair runs = runBoth(jdk, TensorMisusingApp.class, "leak=full", "autopool LEAK");

        List<String> leaks = runs.pooled.lines("autopool LEAK");
        assertAll(
                () -> assertEquals("true", runs.pooled.result().get("collected"), runs.pooled::toString),
                () -> assertEquals("true", runs.pooled.result().get("ownData"), runs.pooled::toString),
                () -> assertFalse(leaks.isEmpty(), runs.pooled::toString),
                () -> assertEquals(1, leaks.size(), () -> "one line per site, later leaks are counted:\n" + leaks),
                // 1 x 16 x 16 floats
                () -> assertTrue(leaks.get(0).startsWith("autopool LEAK an OnnxTensor of ")
                        && leaks.get(0).contains(" (1024 bytes) created at " + site + " was garbage-collected without "
                        + "close()"), () -> "names the createTensor site " + site + " and the bytes: " + leaks),
                () -> assertTrue(runs.pooled.count("autopool ONNX", "leaks") >= 1, runs.pooled::toString),
                () -> assertEquals(0, runs.pooled.count("autopool ONNX", "open"), runs.pooled::toString),
                () -> assertTrue(runs.pooled.lines("autopool DOUBLE-RETURN").isEmpty(),
                        () -> "closing a tensor twice returns its buffer once:\n" + runs.pooled));
    }

    /** Every line starts with {@code expected} (the fixed part of a report: tag, array, bytes and sites). */
    private static void assertStartsWith(String expected, List<String> lines) {
        assertTrue(!lines.isEmpty() && lines.stream().allMatch(l -> l.startsWith(expected)),
                () -> "expected every line to start with\n  " + expected + "\nbut got\n  "
                        + String.join("\n  ", lines));
    }

    /** The fixture without the agent, then with it (waiting for {@code awaited} before the fixture ends). */
    private static Pair runBoth(Jdk jdk, Class<?> fixture, String settings, String awaited) throws Exception {
        String classpath = System.getProperty("java.class.path");
        ChildRun plain = ChildJvm.onJdk(jdk).runClass(classpath, fixture.getName(), TIMEOUT_SECONDS);
        String agentArgs = "config=" + rules + (settings.isEmpty() ? "" : "," + settings);
        ChildRun pooled = ChildJvm.onJdk(jdk).withAgent(Jars.agent(), agentArgs).signalWhenPrinted(awaited)
                .runClass(classpath, fixture.getName(), TIMEOUT_SECONDS);
        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertTrue(plain.lines("autopool").isEmpty(), plain::toString);
        assertEquals(plain.result(), pooled.result(), () -> "the fixture's own results must not change:\n" + pooled);
        return new Pair(plain, pooled);
    }

    private record Pair(ChildRun plain, ChildRun pooled) {}
}
