package dev.autopool.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * This module's tests run with no agent and no agent jar anywhere (it is built after this module): every
 * {@code @CheckBorrows} test must then fail, naming the {@code -javaagent} line, never pass unchecked.
 */
class WithoutTheAgentTest {

    @Test
    void theRuntimeIsNotOnTheBootstrapPathHere() {
        assertNull(Object.class.getClassLoader()); // sanity of the premise below: null means bootstrap
        assertThrows(ClassNotFoundException.class, () -> Class.forName(TrackingAccess.TRACKING, false, null));
    }

    @Test
    void everyCheckedTestFailsNamingTheJavaagentLine() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(Unattached.class)).execute().testEvents()
                .assertThatEvents().haveExactly(2, event(test(), finishedWithFailure(instanceOf(AssertionError.class),
                        message(m -> m.startsWith("autopool agent not attached, so @CheckBorrows cannot see any"
                                + " borrow: dev.autopool:autopool-agent is not on the test class path")
                                && m.contains("-javaagent:path/to/autopool-agent.jar")))));
    }

    @Test
    void aJarPropertyNamingNoFileIsTheReasonGiven(@TempDir Path dir) {
        Path missing = dir.resolve("autopool-agent.jar");
        AssertionError e = assertThrows(AssertionError.class, () -> AgentAttachment.connect(missing.toString(),
                "config=app.conf", getClass().getClassLoader()).access());

        assertTrue(e.getMessage().startsWith("autopool agent not attached, so @CheckBorrows cannot see any borrow: -D"
                + "autopool.agent.jar=" + missing + " names no file."), e.getMessage());
        assertTrue(e.getMessage().contains("-javaagent:path/to/autopool-agent.jar=config=app.conf"), e.getMessage());
    }

    @Test
    void aFileThatIsNoAgentFailsTheAttachNamingTheJar(@TempDir Path dir) throws Exception {
        Path notAnAgent = java.nio.file.Files.writeString(dir.resolve("autopool-agent.jar"), "not a jar");
        AssertionError e = assertThrows(AssertionError.class, () -> AgentAttachment.connect(notAnAgent.toString(),
                "", getClass().getClassLoader()).access());

        assertTrue(e.getMessage().contains("attaching " + notAnAgent + " at run time failed ("), e.getMessage());
        assertTrue(e.getMessage().contains("-javaagent:" + notAnAgent + "\n"), e.getMessage());
    }

    @Test
    void aRuntimeLoadedFromTheClassPathIsCaughtAsASecondCopy() {
        // This module's tests load the runtime from the class path (there is no agent): exactly the copy an
        // agent attached later would not share, so the check would read an empty ledger.
        assertEquals(TrackingAccess.TRACKING, AgentAttachment.secondCopy(getClass().getClassLoader()));
        assertNull(AgentAttachment.secondCopy(ClassLoader.getPlatformClassLoader()), "sees no runtime at all");
    }

    /** Run by the tests above through the JUnit engine: one leaky and one clean test. */
    @CheckBorrows
    static class Unattached {
        static float[] kept;

        @Test
        void keepsOne() {
            kept = new float[4];
        }

        @Test
        void returnsEverything() {}
    }
}
