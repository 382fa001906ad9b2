package dev.autopool.sample.decoder;

import dev.autopool.sample.util.Matrices;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A decoded image: {@code width x height} pixels of {@code channels} bytes each (1 = grey, 3 = R, G, B), rows top
 * to bottom, interleaved. {@link #close()} ends the life of the pixel buffer (made by {@link Matrices#byte1d}): do
 * not touch {@link #pixels()} afterwards. An image that is never closed is simply left to the GC.
 */
public record DecodedImage(int width, int height, int channels, byte[] pixels) implements AutoCloseable {

    /** Hands the pixel buffer back to {@link Matrices#free}; the image must not be used afterwards. */
    @Override
    public void close() {
        Matrices.free(pixels);
    }

    /** A 64-bit hash of the pixel bytes and the geometry: equal images have equal checksums. */
    public long checksum() {
        return checksum(pixels) * 31 + ((long) width << 34 | (long) height << 4 | channels);
    }

    /** A 64-bit hash of {@code bytes}, eight at a time (FNV-1a style over little-endian longs). */
    public static long checksum(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        int i = 0;
        for (; i + 8 <= bytes.length; i += 8) {
            h = (h ^ (long) LONGS.get(bytes, i)) * 0x100000001b3L;
        }
        for (; i < bytes.length; i++) {
            h = (h ^ (bytes[i] & 0xFF)) * 0x100000001b3L;
        }
        return h ^ (h >>> 29);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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
