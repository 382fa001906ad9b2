package dev.autopool.it.reports;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import dev.autopool.it.Jars;
import dev.autopool.it.Jdk;
import dev.autopool.it.fixtures.soundness.Img;
import dev.autopool.it.fixtures.soundness.BasePlane;
import dev.autopool.it.fixtures.soundness.ChainedPlane;
import dev.autopool.it.fixtures.soundness.ClearingCloseApp;
import dev.autopool.it.fixtures.soundness.Mx;
import dev.autopool.it.fixtures.soundness.Plane;
import dev.autopool.it.fixtures.soundness.RepeatedCloseApp;
import dev.autopool.it.fixtures.soundness.RowsApp;
import dev.autopool.it.fixtures.soundness.StaleReleaseApp;
import dev.autopool.it.fixtures.soundness.StaleReleases;
import dev.autopool.it.fixtures.soundness.ZeroCrossingApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Never recycle a reachable buffer: apps that release a buffer twice, close an object twice or through a copy,
 * release matrices with rows that are not their own, or pass one rule's data to another rule's {@code zero=false}
 * site give the same answers with the agent as without it, and the agent says what it refused.
 */
class SoundnessIT {
    private static final long TIMEOUT_SECONDS = 90;

    @TempDir
    static Path dir;
    private static Path rules;

    @BeforeAll
    static void writeRules() throws IOException {
        String mx = Mx.class.getName();
        rules = Files.writeString(dir.resolve("soundness.conf"), String.join("\n",
                "factory " + mx + "#f2(int,int)",
                "factory " + mx + "#scratch2(int,int) zero=false",
                "factory " + mx + "#f1(int)",
                "release " + mx + "#free(java.lang.Object)",
                "lifecycle " + Img.class.getName() + "#close()",
                "lifecycle " + Plane.class.getName() + "#close()",
                "lifecycle " + Plane.class.getName() + "#dispose()",
                "lifecycle " + BasePlane.class.getName() + "#close()",
                "lifecycle " + ChainedPlane.class.getName() + "#close()", ""));
    }

    static List<Jdk> jdks() {
        return Jdk.installed();
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("jdks")
    void aStaleReleaseAfterReLendIsCaughtAtFullAndParanoidAndNeverLendsOneBufferTwice(Jdk jdk) throws Exception {
        String first = FixtureSite.of(StaleReleases.class, "run", "first release");
        String stale = FixtureSite.of(StaleReleases.class, "run", "stale release");
        for (String level : List.of("leak=full", "leak=paranoid")) {
            Pair runs = runBoth(jdk, StaleReleaseApp.class, level);
            List<String> lines = runs.pooled.lines("autopool DOUBLE-RETURN");
            assertAll(level,
                    () -> assertEquals(Map.of("sameBC", "false", "bIntact", "true", "cFilled", "true"),
                            runs.pooled.result(), runs.pooled::toString),
                    () -> assertEquals(1, lines.size(), runs.pooled::toString),
                    () -> assertTrue(lines.get(0).startsWith("autopool DOUBLE-RETURN float[8][32] (1024 bytes)"
                            + " released twice: first at " + first + ", again at " + stale + "; "), lines::toString),
                    () -> assertTrue(runs.pooled.lines("autopool").stream().noneMatch(l -> l.contains("intact")),
                            "no line claims the pool is intact"));
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("jdks")
    void aStaleReleaseOfAKnownLoanIsRefusedWithoutAQuarantine(Jdk jdk) throws Exception {
        // a's one borrow is in the same method: both free(a) name a's loan, so the second one, after a came
        // home and was lent to b, is refused by its loan number (no quarantine at the default level). The loan
        // numbers rest on the method's code alone: they are there with the automatic release off too.
        String stale = FixtureSite.of(StaleReleases.class, "run", "stale release");
        for (String settings : List.of("", "auto-release=off")) {
            Pair runs = runBoth(jdk, StaleReleaseApp.class, settings);
            List<String> lines = runs.pooled.lines("autopool STALE-RELEASE");
            assertAll(settings,
                    () -> assertEquals(Map.of("sameBC", "false", "bIntact", "true", "cFilled", "true"),
                            runs.pooled.result(), runs.pooled::toString),
                    () -> assertEquals(1, lines.size(), runs.pooled::toString),
                    () -> assertTrue(lines.get(0).startsWith("autopool STALE-RELEASE float[8][32] (1024 bytes)"
                            + " released at " + stale + " after it had already been returned and lent again"),
                            lines::toString),
                    () -> assertTrue(runs.pooled.lines("autopool DOUBLE-RETURN").isEmpty(), runs.pooled::toString));
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("jdks")
    void aSecondCloseAndACopysCloseReleaseNothing(Jdk jdk) throws Exception {
        Pair runs = runBoth(jdk, RepeatedCloseApp.class, "");
        List<String> lines = runs.pooled.lines("autopool REPEATED-CLOSE");
        assertAll(
                () -> assertEquals(Map.of("secondCloseHarmless", "true", "copyCloseHarmless", "true"),
                        runs.pooled.result(), runs.pooled::toString),
                () -> assertEquals(1, lines.size(), "the copy's close only (a second close is allowed): " + runs.pooled),
                () -> assertTrue(lines.get(0).startsWith("autopool REPEATED-CLOSE float[512] (2048 bytes) offered"
                        + " back at " + Img.class.getName() + ".close(Img.java:"), lines::toString),
                () -> assertTrue(runs.pooled.lines("autopool DOUBLE-RETURN").isEmpty(), runs.pooled::toString));
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("jdks")
    void aCloseThatClearsItsFieldRunsAnotherCloseRunsFromFinalizeOrIsInheritedReleasesOnceAndReportsNothing(Jdk jdk)
            throws Exception {
        // Before: the clearing close released nothing (LEAK), dispose() -> close() was a REPEATED-CLOSE, and a
        // finalizer's close released nothing and was reported as a close of another object's buffer; a subclass's
        // store into the field its lifecycle superclass declares was bound to nothing, so it leaked; and a buffer
        // a constructor stored over what its chained constructor stored was reported as a LEAK.
        Pair runs = runBoth(jdk, ClearingCloseApp.class, "leak=full");
        assertAll(
                () -> assertEquals("true", runs.pooled.result().get("finalized"), runs.pooled::toString),
                () -> assertEquals(List.of(), runs.pooled.lines("autopool LEAK"), runs.pooled::toString),
                () -> assertEquals(List.of(), runs.pooled.lines("autopool REPEATED-CLOSE"), runs.pooled::toString),
                () -> assertEquals(List.of(), runs.pooled.lines("autopool DOUBLE-RETURN"), runs.pooled::toString));
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("jdks")
    void matricesWithSharedAliasedOrReplacedRowsGoToTheGc(Jdk jdk) throws Exception {
        Pair runs = runBoth(jdk, RowsApp.class, "");
        List<String> lines = runs.pooled.lines("autopool ROWS-CHANGED");
        assertAll(
                () -> assertEquals(Map.of("noSharedRow", "true", "liveKept", "true", "ownRows", "true",
                        "g", "320.0"), runs.pooled.result(), runs.pooled::toString),
                () -> assertEquals(3, lines.size(), "one line per release site: " + runs.pooled),
                () -> assertTrue(lines.get(0).startsWith("autopool ROWS-CHANGED float[4][16] (256 bytes) released at "
                        + FixtureSite.of(RowsApp.class, "main", "shared row")), lines::toString),
                () -> assertTrue(lines.get(1).contains(FixtureSite.of(RowsApp.class, "main", "live row")),
                        lines::toString),
                () -> assertTrue(lines.get(2).contains(FixtureSite.of(RowsApp.class, "main", "one row everywhere")),
                        lines::toString));
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("jdks")
    void aZeroFalseSiteNeverSeesAnotherRulesData(Jdk jdk) throws Exception {
        String classpath = System.getProperty("java.class.path");
        ChildRun plain = ChildJvm.onJdk(jdk).runClass(classpath, ZeroCrossingApp.class.getName(), TIMEOUT_SECONDS);
        ChildRun pooled = ChildJvm.onJdk(jdk).withAgent(Jars.agent(), "config=" + rules)
                .runClass(classpath, ZeroCrossingApp.class.getName(), TIMEOUT_SECONDS);
        assertAll(
                () -> assertEquals(Map.of("seen", "0.0", "reused", "false"), plain.result(), plain::toString),
                () -> assertEquals(Map.of("seen", "0.0", "reused", "true"), pooled.result(),
                        () -> "the buffer is reused, but zeroed for the other rule:\n" + pooled));
    }

    /** The fixture without the agent, then with it; both must exit cleanly with the same answers. */
    private static Pair runBoth(Jdk jdk, Class<?> fixture, String settings) throws Exception {
        String classpath = System.getProperty("java.class.path");
        ChildRun plain = ChildJvm.onJdk(jdk).runClass(classpath, fixture.getName(), TIMEOUT_SECONDS);
        String agentArgs = "config=" + rules + (settings.isEmpty() ? "" : "," + settings);
        ChildRun pooled = ChildJvm.onJdk(jdk).withAgent(Jars.agent(), agentArgs)
                .runClass(classpath, fixture.getName(), TIMEOUT_SECONDS);
        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertTrue(plain.lines("autopool").isEmpty(), plain::toString);
        assertEquals(plain.result(), pooled.result(), () -> "the fixture's own results must not change:\n" + pooled);
        return new Pair(plain, pooled);
    }

    private record Pair(ChildRun plain, ChildRun pooled) {}
}
