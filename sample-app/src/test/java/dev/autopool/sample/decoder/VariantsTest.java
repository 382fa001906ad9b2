package dev.autopool.sample.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Files that differ only in metadata segments (JFIF, EXIF, comments, fill bytes) decode to the same pixels. */
class VariantsTest {

    @Test
    void exifInsteadOfJfifAndCommentsAndFillBytes() throws DecodeException {
        byte[] jfif = Reference.fixture("cjpeg-420.jpg");
        int app0Length = ((jfif[4] & 0xFF) << 8) | (jfif[5] & 0xFF);
        ByteArrayOutputStream exif = new ByteArrayOutputStream();
        exif.write(0xFF);
        exif.write(0xD8);
        byte[] tiff = "Exif\0\0MM\0*\0\0\0\u0008\0\0".getBytes(StandardCharsets.ISO_8859_1);
        exif.write(0xFF);
        exif.write(0xE1);
        exif.write((tiff.length + 2) >> 8);
        exif.write(tiff.length + 2);
        exif.writeBytes(tiff);
        byte[] comment = "made by hand".getBytes(StandardCharsets.US_ASCII);
        exif.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE, 0, (byte) (comment.length + 2)});
        exif.writeBytes(comment);
        exif.write(jfif, 4 + app0Length, jfif.length - 4 - app0Length); // everything after APP0
        assertArrayEquals(Reference.decode(jfif, 1).pixels(), Reference.decode(exif.toByteArray(), 1).pixels());
    }
}
