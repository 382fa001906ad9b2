package dev.autopool.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ordinary mistakes on the sample CLI's command line cost one line and exit status 2, never a stack trace. */
class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aMissingInputFile() throws Exception {
        Path in = dir.resolve("missing.jpg");
        assertMistake("decode: no such file: " + in, "decode", in.toString(), dir.resolve("out.png").toString());
    }

    @Test
    void aMissingOutputDirectory() throws Exception {
        Path in = Files.write(dir.resolve("in.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8});
        Path out = dir.resolve("no-such-dir/out.png");
        assertMistake("decode: the output directory " + out.getParent() + " does not exist",
                "decode", in.toString(), out.toString());
    }

    @Test
    void aDirectoryAsInput() throws Exception {
        assertMistake("decode: " + dir + " is a directory, expected a JPEG file",
                "decode", dir.toString(), dir.resolve("out.png").toString());
    }

    @Test
    void aMissingArgument() throws Exception {
        assertMistake("decode: expected IN.jpg OUT.png, got [in.jpg]", "decode", "in.jpg");
        assertMistake("bench: no input files", "bench");
        assertMistake("frames: --frames needs a number", "frames", "--frames");
        assertMistake("frames: --size needs a positive number, got 'big'", "frames", "--size", "big");
        assertMistake("predict-bench: --swipes needs a value", "predict-bench", "--swipes");
        assertMistake("predict: predict needs at least one WORD", "predict");
    }

    @Test
    void anEmptyBenchFolder() throws Exception {
        assertMistake("bench: no .jpg or .jpeg files in " + dir, "bench", dir.toString());
    }

    @Test
    void aMissingBenchFile() throws Exception {
        Path in = dir.resolve("gone.jpg");
        assertMistake("bench: no such file: " + in, "bench", in.toString());
    }

    @Test
    void noCommandOrAnUnknownOne() throws Exception {
        assertEquals(2, Main.run(new String[0], print()));
        assertEquals(2, Main.run(new String[] {"decod"}, print()));
        assertEquals("unknown command: decod", err.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("unknown")).findFirst().orElseThrow());
    }

    /** Exit status 2, and the first line of standard error is {@code firstLine}; no stack trace anywhere. */
    private void assertMistake(String firstLine, String... args) throws Exception {
        err.reset();
        int status = Main.run(args, print());
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, status, text);
        assertEquals(firstLine, text.lines().findFirst().orElse(""), text);
        assertFalse(text.contains("\tat ") || text.contains("Exception"), text);
    }

    private PrintStream print() {
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }
}
