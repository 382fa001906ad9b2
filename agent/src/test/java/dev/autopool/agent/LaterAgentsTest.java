package dev.autopool.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which agents run after autopool's in the transformer chain: the ones after its own option, but the debugger. */
class LaterAgentsTest {
    private static final String OWN = "/opt/autopool/autopool-agent.jar";

    @Test
    void agentsBeforeAutopoolAreNotLater() {
        assertEquals(List.of(), LaterAgents.after(List.of("-javaagent:/opt/jacoco.jar=destfile=x",
                "-javaagent:" + OWN + "=config=a.conf", "-Xmx1g"), OWN));
    }

    @Test
    void everyAgentAfterAutopoolButTheDebuggerIsLater() {
        assertEquals(List.of("-javaagent:/opt/apm.jar", "-agentpath:/opt/libprof.so"),
                LaterAgents.after(List.of("-javaagent:" + OWN, "-javaagent:/opt/apm.jar",
                        "-agentlib:jdwp=transport=dt_socket", "-agentpath:/opt/libprof.so"), OWN));
    }

    @Test
    void withoutAutopoolOnTheCommandLineNothingIsLater() {
        // Attached at run time: every agent on the command line ran its premain before autopool existed.
        assertEquals(List.of(), LaterAgents.after(List.of("-javaagent:/opt/apm.jar"), OWN));
    }
}
