package dev.autopool.it.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildJvm;
import dev.autopool.it.ChildRun;
import dev.autopool.it.Jars;
import dev.autopool.it.fixtures.onnx.TensorRoundTrips;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An ONNX-only app needs no rules file: {@code -javaagent:autopool-agent.jar} alone pools its tensors and says
 * so in one INFO line, with no warning; a rules file that cannot be read is a warning that never claims the app
 * runs unpooled while its tensors are pooled.
 */
class OnnxWithoutRulesFileIT {

    @Test
    void noConfigPoolsTensorsWithOneInfoLineAndNoWarning() throws Exception {
        ChildRun run = run("");

        Map<String, Long> metrics = OnnxTensorPoolingIT.metrics(run);
        assertEquals(12, metrics.get("created"), run::toString);
        assertEquals(11, metrics.get("reused"), run::toString);
        assertEquals(List.of(), levelLines(run, "WARNING"), run::toString);
        assertEquals(List.of("INFO: autopool AGENT no rules file given: only the built-in ONNX Runtime tensor rule"
                + " applies; add config=PATH to -javaagent:autopool-agent.jar for rules of your own"),
                levelLines(run, "INFO"), run::toString);
    }

    @Test
    void anUnreadableRulesFileWarnsWithoutClaimingTheAppRunsUnpooled() throws Exception {
        Path missing = Path.of("target", "no-such-rules.conf").toAbsolutePath();
        ChildRun run = run("config=" + missing);

        assertEquals(11, OnnxTensorPoolingIT.metrics(run).get("reused"), run::toString);
        List<String> warnings = levelLines(run, "WARNING");
        assertEquals(1, warnings.size(), run::toString);
        assertTrue(warnings.get(0).startsWith("WARNING: autopool CONFIG " + missing + ": cannot read the rules file"),
                warnings::toString);
        assertFalse(run.stderr().contains("unpooled"), run::toString);
        assertTrue(levelLines(run, "INFO").contains("INFO: autopool AGENT no pooling rules from " + missing
                + ": only the built-in ONNX Runtime tensor rule applies"), run::toString);
    }

    private static ChildRun run(String agentArgs) throws Exception {
        ChildRun run = ChildJvm.create().withAgent(Jars.agent(), agentArgs)
                .runClass(System.getProperty("java.class.path"), TensorRoundTrips.class.getName(), 180,
                        "close-paths", "2");
        assertEquals(0, run.exitCode(), run::toString);
        return run;
    }

    /**
     * autopool's records at {@code level} ({@code LEVEL: autopool ...}, System.Logger's second line of each);
     * the fixture's deliberate double close draws ONNX Runtime's own warnings, which are not autopool's.
     */
    private static List<String> levelLines(ChildRun run, String level) {
        return run.stderr().lines().filter(l -> l.startsWith(level + ": autopool ")).collect(Collectors.toList());
    }
}
