package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildRun;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent never starts the app's logging backend: until the app has logged itself, autopool's lines go to
 * standard error; afterwards through the app's own backend, in the app's format. And {@code log=} and
 * {@code summary=} govern every line.
 */
class AppLoggingIT {
    private static final String TYPO = "factori " + AgentRuns.FIXTURES + "FixtureMatrices#float3d(int,int,int)";

    @Test
    void aRulesTypoAtPremainDoesNotStartTheAppsLoggingBeforeItsMain() throws Exception {
        ChildRun run = run("");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("false", run.result().get("backendStartedBeforeMain"), run::toString);
        String typo = line(run, "autopool CONFIG");
        assertTrue(typo.startsWith("autopool CONFIG ") && typo.contains("unknown rule kind 'factori'"), typo);
        // After main configured logging, the report goes through the app's backend, in the app's format.
        assertTrue(run.stderr().lines().anyMatch(l -> l.startsWith("APP-FORMAT|WARNING|autopool DOUBLE-RETURN ")),
                run::toString);
        assertTrue(run.stderr().contains("autopool SUMMARY "), run::toString);
    }

    @Test
    void aSizedSiteThatRevertsDoesNotStartTheJdksLogging() throws Exception {
        // Before, the first run-time-sized allocation made SizedSites call System.getLogger, which defined the
        // JDK's logger finder: autopool took that for the app's logging and wrote in java.util.logging's format.
        Path conf = AgentRuns.rules(AgentRuns.with(AgentRuns.matrixRules(),
                "arrays " + AgentRuns.FIXTURES + "SizedRevertApp min-bytes=1k"));
        ChildRun run = AgentRuns.on(Path.of(System.getProperty("java.home")))
                .withAgent(AgentRuns.agentJar(), "config=" + conf)
                .runClass(AgentRuns.fixtureClasspath(), AgentRuns.FIXTURES + "SizedRevertApp", 120);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stderr().lines().anyMatch(l -> l.startsWith("WARNING: autopool SIZED-PLAIN ")), run::toString);
        assertTrue(run.stderr().lines().anyMatch(l -> l.startsWith("WARNING: autopool DOUBLE-RETURN ")),
                run::toString);
        assertTrue(run.stderr().lines().noneMatch(l -> l.contains("dev.autopool.runtime")), run::toString);
    }

    @Test
    void logToStderrKeepsEveryLineOffTheAppsBackend() throws Exception {
        ChildRun run = run(",log.to=stderr");

        assertTrue(run.stderr().lines().anyMatch(l -> l.startsWith("WARNING: autopool DOUBLE-RETURN ")), run::toString);
        assertTrue(run.stderr().lines().noneMatch(l -> l.contains("|autopool ")), run::toString);
    }

    @Test
    void logToLoggerUsesTheBackendAtOnce() throws Exception {
        ChildRun run = run(",log.to=logger");

        // The user asked for it: the CONFIG line at premain starts the backend before main.
        assertEquals("true", run.result().get("backendStartedBeforeMain"), run::toString);
        assertTrue(run.stderr().lines().anyMatch(l -> l.startsWith("DEFAULT-FORMAT|WARNING|autopool CONFIG ")),
                run::toString);
    }

    @Test
    void logOffSilencesReportsAndTheExitBlock() throws Exception {
        ChildRun run = run(",log=off");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stderr().lines().noneMatch(l -> l.contains("autopool ")), run::toString);
    }

    @Test
    void summaryOffDropsOnlyTheExitBlock() throws Exception {
        ChildRun run = run(",summary=off");

        assertTrue(run.stderr().contains("autopool DOUBLE-RETURN "), run::toString);
        assertTrue(run.stderr().lines().noneMatch(l -> l.contains("autopool SUMMARY")
                || l.contains("autopool UNMATCHED")), run::toString);
    }

    @Test
    void theExitBlockComesInOnePieceWithTheAgentsLinesLast() throws Exception {
        Path conf = AgentRuns.rules(AgentRuns.with(AgentRuns.matrixRules(),
                "release " + AgentRuns.FIXTURES + "FixtureMatrices#neverCalled(float[])"));
        ChildRun run = AgentRuns.on(Path.of(System.getProperty("java.home")))
                .withAgent(AgentRuns.agentJar(), "config=" + conf)
                .runClass(AgentRuns.fixtureClasspath(), AgentRuns.FIXTURES + "AppLoggingApp", 120);

        List<String> lines = run.stderr().lines().toList();
        int summary = indexOf(lines, "autopool SUMMARY ");
        int unmatched = indexOf(lines, "autopool UNMATCHED ");
        assertTrue(summary >= 0 && unmatched > summary, run::toString);
        for (int i = summary; i <= unmatched; i++) {
            assertTrue(lines.get(i).startsWith("autopool "), () -> "a stray line inside the exit block: " + run);
        }
    }

    @Test
    void summaryToAFileNamedByPidIsWrittenWholeAndStderrKeepsNone() throws Exception {
        Path dir = Files.createTempDirectory("autopool-summary-it");
        ChildRun run = run(",summary=" + dir + "/autopool-%p.txt,log.to=stderr");

        List<Path> files;
        try (var listing = Files.list(dir)) {
            files = listing.toList();
        }
        assertEquals(1, files.size(), files::toString);
        assertTrue(files.get(0).getFileName().toString().matches("autopool-[0-9]+\\.txt"), files::toString);
        List<String> block = Files.readAllLines(files.get(0));
        assertTrue(block.get(0).startsWith("autopool SUMMARY "), block::toString);
        assertTrue(block.stream().anyMatch(l -> l.startsWith("autopool TOP-SITE ")), block::toString);
        assertTrue(run.stderr().lines().noneMatch(l -> l.startsWith("autopool SUMMARY")), run::toString);
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) return i;
        }
        return -1;
    }

    private static String line(ChildRun run, String tag) {
        List<String> lines = run.lines(tag);
        assertEquals(1, lines.size(), run::toString);
        return lines.get(0);
    }

    /** The app with its own LoggerFinder registered as a service (on its own class path entry, for this run only). */
    private static ChildRun run(String extraArgs) throws IOException, InterruptedException {
        Path conf = AgentRuns.rules(AgentRuns.with(AgentRuns.matrixRules(), TYPO));
        Path services = Files.createTempDirectory("autopool-logging-it");
        Path file = services.resolve("META-INF/services/java.lang.System$LoggerFinder");
        Files.createDirectories(file.getParent());
        Files.writeString(file, AgentRuns.FIXTURES + "AppLoggerFinder\n");
        return AgentRuns.on(Path.of(System.getProperty("java.home")))
                .withAgent(AgentRuns.agentJar(), "config=" + conf + extraArgs)
                .runClass(AgentRuns.fixtureClasspath() + File.pathSeparator + services,
                        AgentRuns.FIXTURES + "AppLoggingApp", 120);
    }
}
