package dev.autopool.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules file's bytes as lines: numbered as an editor numbers them, and a bad byte costs its own line alone. */
class Utf8LinesTest {

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void linesEndAtNewlineCarriageReturnOrBoth() {
        Utf8Lines text = Utf8Lines.split(bytes("a\nb\r\nc\rd\n\ne"));

        assertEquals(List.of("a", "b", "c", "d", "", "e"), text.lines());
        assertEquals(Map.of(), text.undecodable());
    }

    @Test
    void aFinalTerminatorStartsNoFurtherLine() {
        assertEquals(List.of("a"), Utf8Lines.split(bytes("a\n")).lines());
        assertEquals(List.of("a"), Utf8Lines.split(bytes("a\r\n")).lines());
        assertEquals(List.of("a", ""), Utf8Lines.split(bytes("a\n\n")).lines());
        assertEquals(List.of(), Utf8Lines.split(new byte[0]).lines());
        assertEquals(List.of(""), Utf8Lines.split(bytes("\n")).lines());
    }

    @Test
    void multiByteCharactersAndTheByteOrderMarkDecode() {
        byte[] utf8 = "\uFEFF# caf\u00e9 \u2713 \uD83D\uDE00\nx".getBytes(StandardCharsets.UTF_8);

        Utf8Lines text = Utf8Lines.split(utf8);

        assertEquals(List.of("\uFEFF# caf\u00e9 \u2713 \uD83D\uDE00", "x"), text.lines());
        assertEquals(Map.of(), text.undecodable());
    }

    @Test
    void aLineThatIsNotUtf8IsMarkedAndTheOthersKeepTheirNumbers() {
        Utf8Lines text = Utf8Lines.split(bytes("a\r\n# caf\u00e9\r\nb\n\u00c3\nc"));

        assertEquals(List.of("a", "", "b", "", "c"), text.lines());
        assertEquals(Map.of(
                1, "not valid UTF-8 (byte 0xE9 at column 6); save the file as UTF-8",
                3, "not valid UTF-8 (byte 0xC3 at column 1); save the file as UTF-8"), text.undecodable());
    }
}
