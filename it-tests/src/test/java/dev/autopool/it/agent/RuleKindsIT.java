package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopool.it.ChildRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule kind, with the real agent jar, on every JDK installed here: the buffer each rule covers comes home,
 * the answers are bit-identical, and every class the agent rewrote passes ASM's CheckClassAdapter.
 */
class RuleKindsIT {
    private static final String APP = AgentRuns.FIXTURES + "RuleKindsApp";

    static Stream<Path> jdks() {
        return AgentRuns.jdks();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void everyRuleKindBringsItsBufferHomeWithIdenticalAnswers(Path jdk) throws Exception {
        Path dump = Files.createTempDirectory("autopool-dump");
        Path conf = AgentRuns.rules(AgentRuns.with(AgentRuns.matrixRules(),
                "release " + AgentRuns.FIXTURES + "Recycler#give(java.lang.String,float[][][])",
                "lifecycle " + AgentRuns.FIXTURES + "Frame#close()",
                "lifecycle " + AgentRuns.FIXTURES + "decoder.Tile#close()",
                // min-bytes counts a matrix's total bytes: Tile's float[4][5][6] is 480 bytes.
                "arrays " + AgentRuns.FIXTURES + "decoder.** min-bytes=256",
                "set dump=" + dump));
        ChildRun plain = AgentRuns.on(jdk).runClass(AgentRuns.fixtureClasspath(), APP, 120);
        ChildRun pooled = AgentRuns.on(jdk).withAgent(AgentRuns.agentJar(), "config=" + conf)
                .runClass(AgentRuns.fixtureClasspath(), APP, 120);

        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertEquals(Map.of("factory+release", "false", "instanceRelease", "false", "lifecycle", "false",
                "arrays", "false", "told", "true", "given", "1", "checksum", plain.result().get("checksum")),
                plain.result());
        assertEquals(Map.of("factory+release", "true", "instanceRelease", "true", "lifecycle", "true",
                "arrays", "true", "told", "true", "given", "1", "checksum", plain.result().get("checksum")),
                pooled.result(), pooled::toString);
        assertEquals(List.of(), pooled.lines("autopool REWRITE-FAILED"), pooled::toString);
        assertEquals(List.of(), pooled.lines("autopool UNMATCHED"), pooled::toString);
        AgentRuns.assertEveryDumpedClassPassesCheckClassAdapter(dump, "RuleKindsApp.class");
    }
}
