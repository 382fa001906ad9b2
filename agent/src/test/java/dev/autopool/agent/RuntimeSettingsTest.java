package dev.autopool.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopool.agent.config.AgentArgs;
import dev.autopool.agent.config.Config;
import dev.autopool.agent.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A value the runtime rejects is reported at the line (or the agent argument) that set it. */
class RuntimeSettingsTest {

    @Test
    void aRuntimeOwnedKeysProblemNamesWhereTheValueWasWritten() throws Exception {
        Path file = Files.createTempFile("autopool", ".conf");
        Files.writeString(file, "# tuning\nset leak=full trim.idle=5s\n");
        Config c = ConfigLoader.load(AgentArgs.parse("config=" + file + ",magazine.size=16"));

        // The agent checks every key with the runtime's grammar first, so this is the defence in depth only.
        assertEquals("autopool CONFIG " + file + ":2: setting trim.idle=5s: expected a duration",
                RuntimeSettings.located("setting trim.idle=5s: expected a duration", c.settings()));
        assertEquals("autopool CONFIG agent arguments: setting magazine.size=16: expected a whole number",
                RuntimeSettings.located("setting magazine.size=16: expected a whole number", c.settings()));
        assertEquals("autopool CONFIG something else entirely",
                RuntimeSettings.located("something else entirely", c.settings()));
    }
}
