package dev.autopool.sample.decoder;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * A decoded image: {@code width x height} pixels of {@code channels} bytes each (1 = grey, 3 = R, G, B), rows top
 * to bottom, interleaved.
 */
public record DecodedImage(int width, int height, int channels, byte[] pixels) {

    /** A 64-bit FNV-1a hash of the pixel bytes and the geometry: equal images have equal checksums. */
    public long checksum() {
        long h = 0xcbf29ce484222325L;
        h = (h ^ width) * 0x100000001b3L;
        h = (h ^ height) * 0x100000001b3L;
        h = (h ^ channels) * 0x100000001b3L;
        for (byte b : pixels) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return h;
    }

    /** Sample {@code ch} of pixel ({@code x}, {@code y}), 0..255. */
    public int sample(int x, int y, int ch) {
        return pixels[(y * width + x) * channels + ch] & 0xFF;
    }

    /** The image as a {@code TYPE_3BYTE_BGR} or {@code TYPE_BYTE_GRAY} BufferedImage (a copy). */
    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        if (channels == 1) {
            System.arraycopy(pixels, 0, dst, 0, pixels.length);
        } else {
            for (int i = 0; i < pixels.length; i += 3) {
                dst[i] = pixels[i + 2];
                dst[i + 1] = pixels[i + 1];
                dst[i + 2] = pixels[i];
            }
        }
        return img;
    }
}
