package dev.autopool.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.it.ChildRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Mockito's {@code mockStatic} of a factory's class: Mockito's transformer runs after autopool's, so autopool is
 * shown the original body on the retransformation and used to keep pooling the calls for good; the stub was never
 * reached (a stubbing call in the test's own code failed with Mockito's MissingMethodInvocationException). Any
 * redefinition or retransformation of a factory's class by another agent now refuses its rules for good.
 */
class MockedFactoryIT {
    private static final String APP = "dev.autopool.it.fixtures.mockedfactory.MockedFactoryApp";
    private static final String RULE = "factory dev.autopool.it.fixtures.mockedfactory.Planes#plane(int,int)";

    @Test
    void aFactoryMockedStaticallyAnswersWithItsStub() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        ChildRun plain = AgentRuns.on(jdk).runClass(AgentRuns.fixtureClasspath(), APP, 180);
        ChildRun pooled = AgentRuns.on(jdk).withAgent(AgentRuns.agentJar(), "config=" + AgentRuns.rules(RULE))
                .runClass(AgentRuns.fixtureClasspath(), APP, 180);

        assertEquals(0, plain.exitCode(), plain::toString);
        assertEquals("7.0", plain.result().get("stubbed"), plain::toString);
        assertEquals("7.0", plain.result().get("caller"), plain::toString);
        assertEquals(0, pooled.exitCode(), pooled::toString);
        assertEquals(plain.result(), pooled.result(), pooled::toString);
        assertTrue(pooled.stderr().contains("autopool FACTORY-CHANGED"), pooled::toString);
    }
}
