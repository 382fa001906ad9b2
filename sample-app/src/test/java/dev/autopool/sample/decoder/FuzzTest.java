package dev.autopool.sample.decoder;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of mutations of valid files (flipped, inserted, deleted and duplicated bytes, cuts) each either decode
 * or fail with a DecodeException found by an explicit check, within a bounded time.
 */
class FuzzTest {
    private static final int CASES_PER_FILE = 1500;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cjpeg-420.jpg", "cjpeg-progressive-420.jpg", "cjpeg-restart-3blocks-optimized.jpg",
        "cjpeg-odd-17x9-progressive.jpg", "cjpeg-gray.jpg", "cjpeg-422.jpg"})
    void mutatedFilesDecodeOrFailCleanly(String name) {
        byte[] original = Reference.fixture(name);
        Random rnd = new Random(name.hashCode());
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try (Workers workers = new Workers(2)) {
                JpegDecoder decoder = new JpegDecoder(workers, 0, 4_000_000);
                for (int i = 0; i < CASES_PER_FILE; i++) {
                    byte[] mutated = mutate(original, rnd);
                    try {
                        decoder.decode(mutated);
                    } catch (DecodeException e) {
                        assertFalse(e.getCause() instanceof RuntimeException,
                                () -> "case " + e.getMessage() + " slipped past the explicit checks");
                        assertTrue(e.offset() >= 0 && e.offset() <= mutated.length, e.getMessage());
                    }
                }
            }
        });
    }

    private static byte[] mutate(byte[] data, Random rnd) {
        byte[] d = data.clone();
        int kind = rnd.nextInt(6);
        switch (kind) {
            case 0 -> { // flip a few bytes anywhere
                for (int n = 1 + rnd.nextInt(4); n > 0; n--) d[rnd.nextInt(d.length)] = (byte) rnd.nextInt(256);
            }
            case 1 -> { // flip a byte in the headers, where lengths and ids live
                int at = rnd.nextInt(Math.min(d.length, 700));
                d[at] = (byte) rnd.nextInt(256);
            }
            case 2 -> d = Arrays.copyOf(d, rnd.nextInt(d.length)); // cut
            case 3 -> { // insert a byte
                int at = rnd.nextInt(d.length);
                byte[] r = new byte[d.length + 1];
                System.arraycopy(d, 0, r, 0, at);
                r[at] = (byte) (rnd.nextBoolean() ? 0xFF : rnd.nextInt(256));
                System.arraycopy(d, at, r, at + 1, d.length - at);
                d = r;
            }
            case 4 -> { // delete a run
                int at = rnd.nextInt(d.length);
                int n = Math.min(d.length - at, 1 + rnd.nextInt(16));
                byte[] r = new byte[d.length - n];
                System.arraycopy(d, 0, r, 0, at);
                System.arraycopy(d, at + n, r, at, d.length - at - n);
                d = r;
            }
            default -> { // duplicate a chunk
                int at = rnd.nextInt(d.length);
                int n = Math.min(d.length - at, 1 + rnd.nextInt(64));
                byte[] r = new byte[d.length + n];
                System.arraycopy(d, 0, r, 0, at + n);
                System.arraycopy(d, at, r, at + n, d.length - at);
                d = r;
            }
        }
        return d;
    }
}
