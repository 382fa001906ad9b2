package dev.autopool.sample.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** With the filter off, the decoder agrees with JDK ImageIO's decoder on files from two encoders. */
class ConformanceTest {

    static void assertCloseToImageIo(String name, byte[] jpeg) throws DecodeException {
        DecodedImage ours = Reference.decode(jpeg, 1);
        Reference.Difference d = Reference.difference(ours, Reference.imageIo(jpeg));
        assertTrue(d.meanAbs() <= 1.0 && d.max() <= 8 && d.psnr() >= 40, name + ": " + d);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "cjpeg-420.jpg", "cjpeg-444.jpg", "cjpeg-422.jpg", "cjpeg-440.jpg", "cjpeg-411.jpg",
        "cjpeg-gray.jpg", "cjpeg-gray-from-color.jpg", "cjpeg-progressive-420.jpg", "cjpeg-progressive-444.jpg",
        "cjpeg-progressive-gray.jpg", "cjpeg-restart-rows.jpg", "cjpeg-restart-3blocks-optimized.jpg",
        "cjpeg-progressive-restart.jpg", "cjpeg-odd-17x9.jpg", "cjpeg-odd-17x9-progressive.jpg", "cjpeg-1x1.jpg",
        "cjpeg-300x200.jpg", "cjpeg-300x200-progressive.jpg", "cjpeg-rgb.jpg"})
    void libjpegTurboFilesMatchImageIo(String name) throws DecodeException {
        assertCloseToImageIo(name, Reference.fixture(name));
    }

    static Stream<Arguments> imageIoFiles() {
        return Stream.of(
                Arguments.of(1, 1, false, false), Arguments.of(17, 9, false, false), Arguments.of(17, 9, false, true),
                Arguments.of(300, 200, false, false), Arguments.of(300, 200, false, true),
                Arguments.of(300, 200, true, false), Arguments.of(300, 200, true, true),
                Arguments.of(531, 263, false, false), Arguments.of(531, 263, false, true));
    }

    @ParameterizedTest(name = "{0}x{1} gray={2} progressive={3}")
    @MethodSource("imageIoFiles")
    void imageIoFilesMatchImageIo(int w, int h, boolean gray, boolean progressive) throws DecodeException {
        byte[] jpeg = Reference.imageIoJpeg(Reference.picture(w, h, gray), progressive, 0.85f);
        assertCloseToImageIo(w + "x" + h, jpeg);
    }

    @ParameterizedTest(name = "progressive={0}")
    @ValueSource(booleans = {false, true})
    void largeImageMatchesImageIoAndIsTheSameOnEveryThreadCount(boolean progressive) throws DecodeException {
        byte[] jpeg = Reference.imageIoJpeg(Reference.picture(4000, 3000, false), progressive, 0.9f);
        DecodedImage one = Reference.decode(jpeg, 1);
        Reference.Difference d = Reference.difference(one, Reference.imageIo(jpeg));
        assertTrue(d.meanAbs() <= 1.0 && d.max() <= 8 && d.psnr() >= 40, "4000x3000: " + d);
        assertArrayEquals(one.pixels(), Reference.decode(jpeg, 3).pixels());
    }
}
