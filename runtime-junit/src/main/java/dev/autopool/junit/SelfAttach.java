package dev.autopool.junit;

import java.nio.file.Path;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Loads the autopool agent jar into this JVM through the attach API, as {@code -javaagent} would have at start-up
 * (the agent's {@code agentmain} then retransforms the classes loaded so far). ByteBuddy's {@code attach} rather
 * than its {@code install()}: that one would load ByteBuddy's own agent, not autopool's. In a class of its own so
 * that a missing {@code byte-buddy-agent} fails here, as a reason in the test's message.
 */
final class SelfAttach {
    private SelfAttach() {}

    static void attach(Path agentJar, String agentArgs) {
        ByteBuddyAgent.attach(agentJar.toFile(), String.valueOf(ProcessHandle.current().pid()), agentArgs);
    }
}
