package dev.autopool.it;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Photo-like JPEG inputs for the decoder, generated rather than committed: smooth gradients, hard edges and
 * seeded noise, so the entropy coder and the IDCT see real work. The same size and seed give the same file.
 */
public final class SampleImages {
    private SampleImages() {}

    /** {@code count} images of about {@code megapixels} each (4:3), in {@code dir}, reused if already there. */
    public static List<Path> ensure(Path dir, double megapixels, int count) throws IOException {
        int width = (int) Math.round(Math.sqrt(megapixels * 1e6 * 4 / 3));
        int height = (int) Math.round(megapixels * 1e6 / width);
        List<Path> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            images.add(ensure(dir, width, height, i));
        }
        return images;
    }

    /** One {@code width x height} image for {@code seed} in {@code dir}, written unless already there. */
    public static Path ensure(Path dir, int width, int height, long seed) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("sample-" + width + "x" + height + "-" + seed + ".jpg");
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
            return file;
        }
        Path partial = Files.createTempFile(dir, "sample", ".part");
        write(render(width, height, seed), partial);
        return Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static BufferedImage render(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        double cx = width * (0.3 + 0.4 * random.nextDouble());
        double cy = height * (0.3 + 0.4 * random.nextDouble());
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double d = Math.hypot(x - cx, y - cy) / Math.max(width, height);
                int r = (int) (128 + 100 * Math.sin(x * 0.013 + seed) * Math.cos(y * 0.007));
                int g = (int) (255 * d) & 0xff;
                int b = ((x / 64 + y / 64) % 2 == 0) ? 200 : 40;
                int noise = random.nextInt(24) - 12;
                row[x] = clamp(r + noise) << 16 | clamp(g + noise) << 8 | clamp(b + noise);
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static void write(BufferedImage image, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
