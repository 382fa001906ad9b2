package dev.autopool.sample.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Output pixels are bit-identical whatever the number of threads, with and without the filter. */
class DeterminismTest {

    @ParameterizedTest(name = "{0} epf={1}")
    @CsvSource({"cjpeg-300x200.jpg, 0", "cjpeg-300x200.jpg, 3", "cjpeg-300x200-progressive.jpg, 2",
        "cjpeg-progressive-gray.jpg, 1", "cjpeg-restart-rows.jpg, 0"})
    void sameBytesOnOneTwoAndFourThreads(String name, int epf) throws DecodeException {
        byte[] jpeg = Reference.fixture(name);
        byte[] one = Reference.decode(jpeg, 1, epf).pixels();
        assertArrayEquals(one, Reference.decode(jpeg, 2, epf).pixels());
        assertArrayEquals(one, Reference.decode(jpeg, 4, epf).pixels());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cjpeg-300x200.jpg", "cjpeg-progressive-gray.jpg"})
    void theFilterChangesBlockEdgesOnly(String name) throws DecodeException {
        byte[] jpeg = Reference.fixture(name);
        DecodedImage plain = Reference.decode(jpeg, 1, 0);
        DecodedImage filtered = Reference.decode(jpeg, 1, 1);
        assertTrue(!Arrays.equals(plain.pixels(), filtered.pixels()), "the filter changed nothing");
        for (int y = 0; y < plain.height(); y++) {
            for (int x = 0; x < plain.width(); x++) {
                boolean edge = x % 8 == 0 || x % 8 == 7 || y % 8 == 0 || y % 8 == 7;
                for (int c = 0; c < plain.channels() && !edge; c++) {
                    // one iteration leaves block interiors as they were (up to colour-conversion rounding)
                    assertTrue(Math.abs(plain.sample(x, y, c) - filtered.sample(x, y, c)) <= 1,
                            "interior pixel " + x + "," + y + " changed");
                }
            }
        }
    }
}
