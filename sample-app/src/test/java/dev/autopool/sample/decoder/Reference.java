package dev.autopool.sample.decoder;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Test helpers: fixtures, JPEGs written by ImageIO, decoding through ImageIO, and error statistics. */
final class Reference {
    private Reference() {}

    /** Per-channel difference between two decodings of one image. */
    record Difference(double meanAbs, int max, double psnr) {
        @Override
        public String toString() {
            return String.format("mean=%.3f max=%d psnr=%.1fdB", meanAbs, max, psnr);
        }
    }

    static byte[] fixture(String name) {
        try (InputStream in = Reference.class.getResourceAsStream("/jpeg/" + name)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DecodedImage decode(byte[] jpeg, int threads) throws DecodeException {
        return decode(jpeg, threads, 0);
    }

    static DecodedImage decode(byte[] jpeg, int threads, int epf) throws DecodeException {
        try (Workers w = new Workers(threads)) {
            return new JpegDecoder(w, epf, JpegDecoder.DEFAULT_MAX_PIXELS).decode(jpeg);
        }
    }

    /** ImageIO's decoding, as interleaved R,G,B (or grey) bytes like {@link DecodedImage}. */
    static DecodedImage imageIo(byte[] jpeg) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
            int w = img.getWidth();
            int h = img.getHeight();
            boolean gray = img.getRaster().getNumBands() == 1;
            byte[] px = new byte[w * h * (gray ? 1 : 3)];
            if (img.getType() == BufferedImage.TYPE_BYTE_GRAY || img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
                byte[] raw = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
                for (int i = 0; i < px.length; i += gray ? 1 : 3) {
                    px[i] = raw[gray ? i : i + 2];
                    if (!gray) {
                        px[i + 1] = raw[i + 1];
                        px[i + 2] = raw[i];
                    }
                }
                return new DecodedImage(w, h, gray ? 1 : 3, px);
            }
            int i = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (gray) {
                        px[i++] = (byte) img.getRaster().getSample(x, y, 0);
                    } else {
                        int rgb = img.getRGB(x, y);
                        px[i++] = (byte) (rgb >> 16);
                        px[i++] = (byte) (rgb >> 8);
                        px[i++] = (byte) rgb;
                    }
                }
            }
            return new DecodedImage(w, h, gray ? 1 : 3, px);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Difference difference(DecodedImage a, DecodedImage b) {
        if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) {
            throw new AssertionError("geometry differs: " + a.width() + "x" + a.height() + "x" + a.channels()
                    + " vs " + b.width() + "x" + b.height() + "x" + b.channels());
        }
        long sum = 0;
        long sq = 0;
        int max = 0;
        byte[] p = a.pixels();
        byte[] q = b.pixels();
        for (int i = 0; i < p.length; i++) {
            int d = Math.abs((p[i] & 0xFF) - (q[i] & 0xFF));
            sum += d;
            sq += (long) d * d;
            max = Math.max(max, d);
        }
        double mse = (double) sq / p.length;
        double psnr = mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
        return new Difference((double) sum / p.length, max, psnr);
    }

    /** A test picture: gradients, noise, sharp coloured blocks and a thin line; deterministic per size. */
    static BufferedImage picture(int w, int h, boolean gray) {
        BufferedImage img = new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        Random rnd = new Random(31L * w + h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (127 + 120 * Math.sin(x * 0.021 + y * 0.005));
                int g = (int) (127 + 100 * Math.cos(y * 0.017 - x * 0.003));
                int b = (int) ((long) x * 255 / Math.max(1, w - 1));
                if ((x / 24 + y / 24) % 7 == 0) {
                    r = 230;
                    g = 30;
                    b = 40;
                }
                int n = rnd.nextInt(9) - 4;
                r = clamp(r + n);
                g = clamp(g + n);
                b = clamp(b + n);
                if (gray) img.getRaster().setSample(x, y, 0, (r * 3 + g * 5 + b * 2) / 10);
                else img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** The picture encoded by ImageIO's JPEG writer. */
    static byte[] imageIoJpeg(BufferedImage img, boolean progressive, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                if (progressive) {
                    param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
                } else {
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionQuality(quality);
                }
                writer.write(null, new IIOImage(img, null, null), param);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }
}
