package dev.autopool.sample.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code decode} and {@code bench} commands. */
class DecoderCliTest {
    @TempDir
    Path dir;

    private static String run(String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            DecoderCli.run(args);
        } finally {
            System.setOut(old);
        }
        return out.toString();
    }

    private static Map<String, String> result(String output) {
        String line = output.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b).orElseThrow();
        Map<String, String> values = new HashMap<>();
        for (String word : line.substring(7).split(" ")) {
            String[] kv = word.split("=", 2);
            values.put(kv[0], kv[1]);
        }
        return values;
    }

    private Path copyFixtures(String... names) throws IOException {
        for (String n : names) Files.write(dir.resolve(n), Reference.fixture(n));
        return dir;
    }

    @Test
    void decodeWritesThePixelsAsPng() throws Exception {
        Path in = copyFixtures("cjpeg-300x200.jpg").resolve("cjpeg-300x200.jpg");
        Path png = dir.resolve("out.png");
        run("decode", in.toString(), png.toString(), "--epf", "1");
        DecodedImage expected = Reference.decode(Files.readAllBytes(in), 1, 1);
        assertArrayEquals((byte[]) expected.toBufferedImage().getRaster().getDataElements(0, 0, 300, 200, null),
                (byte[]) ImageIO.read(png.toFile()).getRaster().getDataElements(0, 0, 300, 200, null));
    }

    @Test
    void benchPrintsOneResultLineWhoseChecksumIgnoresTheThreadCount() throws Exception {
        copyFixtures("cjpeg-300x200.jpg", "cjpeg-progressive-gray.jpg", "cjpeg-odd-17x9.jpg");
        Map<String, String> one = result(run("bench", dir.toString(), "--threads", "1", "--repeat", "2", "--epf", "1"));
        Map<String, String> two = result(run("bench", dir.toString(), "--threads", "2", "--repeat", "2", "--epf", "1"));
        assertEquals("6", one.get("images"));
        assertEquals(String.valueOf(2 * (300 * 200 + 64 * 48 + 17 * 9)), one.get("pixels"));
        assertEquals(one.get("checksum"), two.get("checksum"));
        assertTrue(Double.parseDouble(two.get("allocMB")) > 2 * 300 * 200 * 3 * 4 / 1e6,
                "allocation of the pool threads is missing: " + two);
        for (String key : new String[] {"ms", "gcCount", "gcMs"}) {
            assertTrue(Long.parseLong(one.get(key)) >= 0, key);
        }
    }
}
