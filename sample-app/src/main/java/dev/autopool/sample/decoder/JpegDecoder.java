package dev.autopool.sample.decoder;

import dev.autopool.sample.util.Matrices;
import java.util.function.Consumer;

/**
 * Decodes baseline and progressive Huffman-coded 8-bit JPEG files (grey or three components, any integral
 * sampling factors, restart intervals, JFIF/EXIF/Adobe variants) through a float pipeline: coefficients per
 * 256x256 group, dequantisation and IDCT per group in parallel, chroma upsampling, an optional edge-preserving
 * filter, colour conversion. Output pixels are identical for any number of threads. Every failure, including
 * unsupported features, is a {@link DecodeException}; an instance is safe to use from one thread at a time. Close
 * each returned {@link DecodedImage} when done with its pixels.
 */
public final class JpegDecoder {
    /** Default pixel limit: 50 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
    private static final int ROWS_PER_TASK = 64;

    private final Workers workers;
    private final int filterIterations;
    private final long maxPixels;
    /** Sees each frame as it is created; tests use it to check that a frame gave back its buffers. */
    Consumer<Frame> frameObserver = frame -> { };

    public JpegDecoder(Workers workers, int filterIterations, long maxPixels) {
        if (filterIterations < 0) throw new IllegalArgumentException("filter iterations must be >= 0");
        this.workers = workers;
        this.filterIterations = filterIterations;
        this.maxPixels = maxPixels;
    }

    public DecodedImage decode(byte[] data) throws DecodeException {
        try {
            return decodeChecked(data);
        } catch (DecodeException e) {
            throw e;
        } catch (RuntimeException e) {
            // A safety net: every malformed input is meant to be caught by an explicit check above.
            throw new DecodeException("decoder fault on malformed input: " + e, 0, e);
        }
    }

    private DecodedImage decodeChecked(byte[] data) throws DecodeException {
        JpegParser parser = new JpegParser(data, maxPixels);
        Frame frame = parser.readUpToFrame();
        frameObserver.accept(frame);
        try (frame) {
            frame.allocatePlanes();
            Workers.Batch batch = workers.batch();
            try {
                parser.readScans(frame, gy -> {
                    for (int gx = 0; gx < frame.groupsX; gx++) {
                        Group group = frame.groups[gy * frame.groupsX + gx];
                        batch.submit(() -> reconstruct(frame, group));
                    }
                });
            } finally {
                batch.await();
            }
            if (!parser.reconstructedWhileScanning()) {
                workers.forEach(frame.groups.length, i -> reconstruct(frame, frame.groups[i]));
            }
            int bands = Frame.ceilDiv(frame.height, ROWS_PER_TASK);
            workers.forEach(bands, b -> frame.upsample(b * ROWS_PER_TASK,
                    Math.min(frame.height, (b + 1) * ROWS_PER_TASK)));
            frame.freeSubsampled();
            EdgePreservingFilter.apply(frame, filterIterations, workers);
            byte[] pixels = Matrices.byte1d(frame.width * frame.height * frame.components.length);
            boolean ycc = parser.isYCbCr();
            try {
                workers.forEach(bands, b -> ColorConverter.convertRows(frame.planes, ycc, frame.width, pixels,
                        b * ROWS_PER_TASK, Math.min(frame.height, (b + 1) * ROWS_PER_TASK)));
            } catch (DecodeException | RuntimeException | Error e) {
                Matrices.free(pixels);
                throw e;
            }
            return new DecodedImage(frame.width, frame.height, frame.components.length, pixels);
        }
    }

    private static void reconstruct(Frame frame, Group group) {
        try (group) {
            group.reconstruct(frame);
        }
    }
}
