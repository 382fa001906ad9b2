package dev.autopool.it.adoption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.adoption.ExternalProject.Execution;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An adopter's build: an external Maven project, wired with the README's snippet, built offline against this
 * build's installed artifacts. {@code @CheckBorrows} must fail the leaky test and pass the clean one with
 * {@code -javaagent}, give the same verdicts when the agent attaches itself, and fail, naming the {@code
 * -javaagent} line, when the JVM refuses to attach. Never a silent pass.
 */
class CheckBorrowsInAMavenBuildIT {
    private static final Path WORK = Path.of("target", "adoption");
    private static final String LEAK = "leaky() misused pooled buffers:\n  autopool OUTSTANDING float[64][64]"
            + " (16384 bytes) borrowed at com.example.BuffersTest.leaky(BuffersTest.java:"
            + ExternalProject.LEAKY_LINE + ") and never released";

    private static ScratchRepository repo;
    private static ExternalProject.Build build;

    @BeforeAll
    static void installTheArtifactsAndBuildTheProject() throws Exception {
        repo = ScratchRepository.seed(WORK.resolve("repo").toAbsolutePath());
        build = ExternalProject.create(WORK.resolve("project").toAbsolutePath(), repo).test();
    }

    @Test
    void theReadmeSnippetFailsTheLeakyTestAndPassesTheCleanOne() {
        assertEquals("failed: " + LEAK, build.verdict(Execution.JAVAAGENT, "leaky"), build::log);
        assertEquals("passed", build.verdict(Execution.JAVAAGENT, "clean"), build::log);
    }

    @Test
    void selfAttachedTheAgentGivesTheSameVerdicts() {
        assertEquals("failed: " + LEAK, build.verdict(Execution.SELF_ATTACH, "leaky"), build::log);
        assertEquals(build.verdicts().get(Execution.JAVAAGENT), build.verdicts().get(Execution.SELF_ATTACH),
                build::log);
    }

    @Test
    void whereAttachingIsForbiddenTheLeakyTestFailsNamingTheJavaagentLine() {
        String verdict = build.verdict(Execution.NO_ATTACH, "leaky");
        assertTrue(verdict.startsWith("failed: autopool agent not attached, so @CheckBorrows cannot see any borrow:"
                + " it cannot be attached at run time: the JVM runs with -XX:-EnableDynamicAgentLoading."), verdict);
        assertTrue(verdict.contains("Add the agent to the test JVM's command line: -javaagent:" + repo.agentJar()
                + "=config="), verdict);
    }
}
