import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageOutputStream;

/**
 * Writes the decoder benchmark's input pictures (run as a single-file program: {@code java GenerateImages.java DIR W H}):
 * a deterministic synthetic photo-like picture as a baseline and a progressive JPEG from ImageIO, and as
 * {@code picture.ppm} for other encoders such as cjpeg.
 */
public class GenerateImages {
    public static void main(String[] args) throws IOException {
        File dir = new File(args[0]);
        int w = Integer.parseInt(args[1]);
        int h = Integer.parseInt(args[2]);
        dir.mkdirs();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        Random rnd = new Random(1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (127 + 120 * Math.sin(x * 0.021 + y * 0.005) * Math.cos(y * 0.0011));
                int g = (int) (127 + 100 * Math.cos(y * 0.017 - x * 0.003));
                int b = (int) ((long) x * 255 / (w - 1));
                if ((x / 24 + y / 24) % 7 == 0) {
                    r = 230;
                    g = 30;
                    b = 40;
                }
                int n = rnd.nextInt(17) - 8;
                int i = (y * w + x) * 3;
                px[i] = (byte) Math.max(0, Math.min(255, b + n));
                px[i + 1] = (byte) Math.max(0, Math.min(255, g + n));
                px[i + 2] = (byte) Math.max(0, Math.min(255, r + n));
            }
        }
        write(img, new File(dir, "imageio-" + w + "x" + h + ".jpg"), false);
        write(img, new File(dir, "imageio-progressive-" + w + "x" + h + ".jpg"), true);
        try (OutputStream o = new BufferedOutputStream(new FileOutputStream(new File(dir, "picture.ppm")))) {
            o.write(("P6\n" + w + " " + h + "\n255\n").getBytes());
            for (int i = 0; i < px.length; i += 3) {
                o.write(px[i + 2]);
                o.write(px[i + 1]);
                o.write(px[i]);
            }
        }
    }

    private static void write(BufferedImage img, File out, boolean progressive) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        out.delete();
        try (FileImageOutputStream stream = new FileImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam p = writer.getDefaultWriteParam();
            if (progressive) {
                p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            } else {
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(0.9f);
            }
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
    }
}
