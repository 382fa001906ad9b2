package dev.autopool.sample.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input gets a DecodeException that says what and where; never a hang or another exception type. */
class BadInputTest {

    private static DecodeException failure(byte[] data) {
        DecodeException e = assertThrows(DecodeException.class, () -> Reference.decode(data, 2));
        assertTrue(e.offset() >= 0 && e.offset() <= data.length, "offset " + e.offset() + " outside the file");
        assertTrue(e.getMessage().contains("at byte offset " + e.offset()), e.getMessage());
        assertFalse(e.getCause() instanceof RuntimeException, "caught only by the safety net: " + e.getMessage());
        return e;
    }

    private static void assertFails(byte[] data, String expected) {
        String message = failure(data).getMessage();
        assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
    }

    @Test
    void theHandMadeFileIsValid() throws DecodeException {
        DecodedImage img = Reference.decode(new JpegBuilder().build(), 1);
        assertEquals(16, img.width());
        assertTrue(IntStream.range(0, img.pixels().length).allMatch(i -> img.pixels()[i] == (byte) 128));
    }

    @Test
    void zeroLengthFile() {
        assertFails(new byte[0], "empty file");
    }

    @Test
    void notAJpeg() {
        assertFails("GIF89a....".getBytes(), "missing SOI");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cjpeg-420.jpg", "cjpeg-progressive-420.jpg", "cjpeg-restart-rows.jpg"})
    void everyTruncationFails(String name) {
        byte[] full = Reference.fixture(name);
        for (int len = 0; len < full.length; len++) {
            failure(Arrays.copyOf(full, len));
        }
    }

    @Test
    void truncatedScanSaysSo() {
        byte[] full = Reference.fixture("cjpeg-420.jpg");
        assertFails(Arrays.copyOf(full, full.length - 200), "ends early");
    }

    @Test
    void unknownMarker() {
        byte[] data = new JpegBuilder().build();
        data[2 + 1] = 0x02; // the DQT marker becomes FF02
        assertFails(data, "unknown or misplaced marker 0xFF02");
    }

    @Test
    void garbageWhereAMarkerBelongs() {
        byte[] data = new JpegBuilder().build();
        data[2] = 0x12;
        assertFails(data, "expected a marker");
    }

    @Test
    void wrongRestartMarker() {
        byte[] data = Reference.fixture("cjpeg-restart-rows.jpg");
        int sos = indexOf(data, 0xFF, 0xDA);
        int rst = indexOf(data, sos, 0xFF, 0xD0);
        data[rst + 1] = (byte) 0xD5;
        assertFails(data, "expected restart marker RST0, found 0xD5");
    }

    @Test
    void badHuffmanCode() {
        JpegBuilder b = new JpegBuilder();
        b.entropyData = new byte[] {(byte) 0x80, 0}; // a 1 bit: the table only has the code 0
        assertFails(b.build(), "bad Huffman code");
    }

    @Test
    void absurdDimensionsHitThePixelLimit() {
        JpegBuilder b = new JpegBuilder();
        b.width = 65535;
        b.height = 65535;
        b.entropyData = new byte[0];
        assertFails(b.build(), "exceeds the limit");
    }

    @Test
    void zeroWidth() {
        JpegBuilder b = new JpegBuilder();
        b.width = 0;
        assertFails(b.build(), "width is 0");
    }

    @Test
    void twelveBitIsUnsupported() {
        JpegBuilder b = new JpegBuilder();
        b.precision = 12;
        assertFails(b.build(), "unsupported: 12-bit");
    }

    @Test
    void losslessIsUnsupported() {
        JpegBuilder b = new JpegBuilder();
        b.sofMarker = 0xC3;
        assertFails(b.build(), "unsupported: lossless");
    }

    @Test
    void arithmeticCodingIsUnsupported() {
        assertFails(Reference.fixture("cjpeg-arithmetic.jpg"), "unsupported: arithmetic");
    }

    @Test
    void cmykIsUnsupported() {
        JpegBuilder b = new JpegBuilder();
        b.components = 4;
        assertFails(b.build(), "unsupported: 4-component");
    }

    @Test
    void missingEndOfImage() {
        byte[] full = new JpegBuilder().build();
        assertFails(Arrays.copyOf(full, full.length - 2), "before the end-of-image");
    }

    @Test
    void segmentLongerThanTheFile() {
        byte[] data = new JpegBuilder().build();
        data[4] = 0x7F; // DQT length high byte
        assertFails(data, "runs past the end of the file");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cjpeg-420.jpg", "cjpeg-progressive-420.jpg", "cjpeg-300x200.jpg"})
    void aFailedDecodeGivesBackEveryBuffer(String name) {
        byte[] data = Reference.fixture(name);
        AtomicReference<Frame> seen = new AtomicReference<>();
        Consumer<Frame> spy = seen::set;
        try (Workers w = new Workers(2)) {
            JpegDecoder decoder = new JpegDecoder(w, 1, JpegDecoder.DEFAULT_MAX_PIXELS);
            decoder.frameObserver = spy;
            assertThrows(DecodeException.class, () -> decoder.decode(Arrays.copyOf(data, data.length * 2 / 3)));
            assertTrue(seen.get().holdsNoBuffers(), "the failed frame still holds buffers");
            seen.set(null);
            assertDoesNotThrowDecode(decoder, data);
            assertTrue(seen.get().holdsNoBuffers(), "the decoded frame still holds buffers");
        }
    }

    private static void assertDoesNotThrowDecode(JpegDecoder decoder, byte[] data) {
        try {
            decoder.decode(data);
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }

    static int indexOf(byte[] data, int b0, int b1) {
        return indexOf(data, 0, b0, b1);
    }

    static int indexOf(byte[] data, int from, int b0, int b1) {
        for (int i = from; i + 1 < data.length; i++) {
            if ((data[i] & 0xFF) == b0 && (data[i + 1] & 0xFF) == b1) return i;
        }
        throw new AssertionError("marker not found");
    }
}
