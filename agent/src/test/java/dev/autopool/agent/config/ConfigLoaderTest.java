package dev.autopool.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the rules file the agent arguments name: what is wrong costs its own line, the rest applies. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void oneByteThatIsNotUtf8CostsItsLineNotTheFile() throws Exception {
        Path file = dir.resolve("t.conf");
        // "# café" saved as Latin-1 by an editor that was not asked for UTF-8.
        Files.write(file, ("factory com.acme.M#f(int,int)\r\nrelease com.acme.M#free(java.lang.Object)\r\n"
                + "# caf\u00e9\r\nset leak=full\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        Config c = ConfigLoader.load(AgentArgs.parse("config=" + file));

        assertEquals(List.of("autopool CONFIG " + file + ":3: not valid UTF-8 (byte 0xE9 at column 6); save the file"
                + " as UTF-8; the line is ignored"), c.problems().stream().map(ConfigProblem::message).toList());
        assertEquals(List.of(file + ":1", file + ":2"), c.rules().stream().map(Rule::origin).toList());
        assertEquals(Map.of("leak", "full"), c.settings().values());
    }

    @Test
    void aByteOrderMarkIsStillFineWhenTheFileIsReadAsBytes() throws Exception {
        Path file = dir.resolve("bom.conf");
        Files.write(file, "\uFEFFfactory com.acme.M#f(int)\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        Config c = ConfigLoader.load(AgentArgs.parse("config=" + file));

        assertEquals(List.of(), c.problems());
        assertEquals(1, c.rules().size());
    }

    @Test
    void aMissingFileStillCostsOneLineAndTheArgumentsStillApply() {
        Path file = dir.resolve("missing.conf");

        Config c = ConfigLoader.load(AgentArgs.parse("config=" + file + ",leak=full"));

        assertEquals(1, c.problems().size());
        assertEquals(true, c.problems().get(0).message().contains("cannot read the rules file (NoSuchFileException"),
                c.problems().get(0).message());
        assertEquals(Map.of("leak", "full"), c.settings().values());
    }

    @Test
    void aSecondConfigArgumentIsReportedAndTheFirstFileStays() throws Exception {
        Path first = dir.resolve("a.conf");
        Path second = dir.resolve("b.conf");
        Files.writeString(first, "factory com.acme.A#f(int)\n");
        Files.writeString(second, "factory com.acme.B#f(int)\n");

        Config c = ConfigLoader.load(AgentArgs.parse("config=" + first + ",leak=full,config=" + second));

        assertEquals(List.of("autopool CONFIG agent arguments: config= is given twice ('" + first + "', then '"
                + second + "'); the rules come from '" + first + "' alone, '" + second + "' is not read"),
                c.problems().stream().map(ConfigProblem::message).toList());
        assertEquals(List.of("com/acme/A"), c.rules().stream().map(r -> r.method().owner()).toList());
        assertEquals(Map.of("leak", "full"), c.settings().values());
    }

    @Test
    void theSameConfigArgumentTwiceIsNoProblem() {
        AgentArgs args = AgentArgs.parse("config=a.conf,config=a.conf");

        assertEquals("a.conf", args.configPath());
        assertEquals(List.of(), args.problems());
    }
}
