package dev.autopool.sample.decoder;

import dev.autopool.sample.UsageException;
import dev.autopool.sample.util.Allocation;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Command line of the sample decoder:
 * <pre>
 *   decode IN.jpg OUT.png [--epf N] [--threads T]
 *   bench PATH... [--threads T] [--repeat R] [--warmup W] [--epf N] [--reader sample|imageio]
 * </pre>
 * {@code bench} decodes every file (directories: their {@code .jpg}/{@code .jpeg} files) R times after W untimed
 * rounds and prints one {@code RESULT} line; allocation and {@code cpuMs} (CPU time, robust on a loaded machine)
 * count the calling thread and the pool's threads, not the GC's.
 */
public final class DecoderCli {
    private DecoderCli() {}

    /**
     * {@code args[0]} is the command name. A command-line mistake (a missing argument, no such input, no output
     * directory) throws {@link UsageException}; a file the decoder cannot decode, {@link DecodeException}.
     */
    public static void run(String[] args) throws IOException, DecodeException {
        Options o = Options.parse(args);
        if (args[0].equals("decode")) decode(o);
        else bench(o);
    }

    private static void decode(Options o) throws IOException, DecodeException {
        if (o.paths.size() != 2) throw new UsageException("expected IN.jpg OUT.png, got " + o.paths
                + "\nusage: decode IN.jpg OUT.png [--epf N] [--threads T]");
        Path in = inputFile(Path.of(o.paths.get(0)));
        File out = new File(o.paths.get(1)).getAbsoluteFile();
        if (out.isDirectory()) {
            throw new UsageException("the output " + out + " is a directory, expected a file name");
        }
        if (!out.getParentFile().isDirectory()) {
            throw new UsageException("the output directory " + out.getParentFile() + " does not exist");
        }
        byte[] data = Files.readAllBytes(in);
        try (Workers workers = new Workers(o.threads)) {
            try (DecodedImage img = new JpegDecoder(workers, o.epf, JpegDecoder.DEFAULT_MAX_PIXELS).decode(data)) {
                if (!ImageIO.write(img.toBufferedImage(), "png", out)) throw new IOException("no PNG writer");
                System.out.printf("decoded %dx%d (%d channels) to %s checksum=%016x%n",
                        img.width(), img.height(), img.channels(), o.paths.get(1), img.checksum());
            }
        }
    }

    /** {@code path} if it is a readable file; otherwise the mistake, in the user's words. */
    private static Path inputFile(Path path) {
        if (Files.isDirectory(path)) throw new UsageException(path + " is a directory, expected a JPEG file");
        if (!Files.exists(path)) throw new UsageException("no such file: " + path);
        if (!Files.isReadable(path)) throw new UsageException("cannot read " + path);
        return path;
    }

    private static void bench(Options o) throws IOException, DecodeException {
        List<byte[]> files = readInputs(o.paths);
        if (files.isEmpty()) throw new UsageException("no .jpg or .jpeg files in " + String.join(" ", o.paths));
        try (Workers workers = new Workers(o.threads)) {
            JpegDecoder decoder = new JpegDecoder(workers, o.epf, JpegDecoder.DEFAULT_MAX_PIXELS);
            for (int r = 0; r < o.warmup; r++) {
                for (byte[] f : files) decodeOne(o.imageio, decoder, f);
            }
            long[] pool = workers.threadIds();
            long bytes0 = Allocation.threadBytes() + Allocation.threadBytes(pool);
            long gc0 = Allocation.gcCount();
            long gcMs0 = Allocation.gcMillis();
            long cpu0 = Allocation.cpuNanos(pool);
            long t0 = System.nanoTime();
            long checksum = 0;
            long pixels = 0;
            int images = 0;
            for (int r = 0; r < o.repeat; r++) {
                for (byte[] f : files) {
                    long[] result = decodeOne(o.imageio, decoder, f);
                    checksum = checksum * 31 + result[0];
                    pixels += result[1];
                    images++;
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long cpuMs = (Allocation.cpuNanos(pool) - cpu0) / 1_000_000;
            long bytes = Allocation.threadBytes() + Allocation.threadBytes(pool) - bytes0;
            System.out.printf("RESULT images=%d pixels=%d checksum=%016x ms=%d allocMB=%.1f gcCount=%d gcMs=%d"
                    + " cpuMs=%d%n", images, pixels, checksum, ms, bytes / 1e6, Allocation.gcCount() - gc0,
                    Allocation.gcMillis() - gcMs0, cpuMs);
        }
    }

    /** Returns {checksum, pixels}. */
    private static long[] decodeOne(boolean imageio, JpegDecoder decoder, byte[] data)
            throws IOException, DecodeException {
        if (!imageio) {
            try (DecodedImage img = decoder.decode(data)) {
                return new long[] {img.checksum(), (long) img.width() * img.height()};
            }
        }
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(data));
        byte[] raw = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        return new long[] {DecodedImage.checksum(raw), (long) img.getWidth() * img.getHeight()};
    }

    private static List<byte[]> readInputs(List<String> paths) throws IOException {
        List<byte[]> files = new ArrayList<>();
        for (String p : paths) {
            Path path = Path.of(p);
            if (Files.isDirectory(path)) {
                try (Stream<Path> s = Files.list(path)) {
                    for (Path f : s.sorted().toList()) {
                        String name = f.getFileName().toString().toLowerCase();
                        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) files.add(read(f));
                    }
                }
            } else {
                files.add(read(inputFile(path)));
            }
        }
        return files;
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Options(List<String> paths, int threads, int repeat, int warmup, int epf, boolean imageio) {
        static Options parse(String[] args) {
            String usage = args[0].equals("decode") ? "usage: decode IN.jpg OUT.png [--epf N] [--threads T]"
                    : "usage: bench PATH... [--threads T] [--repeat R] [--warmup W] [--epf N] [--reader sample|imageio]";
            List<String> paths = new ArrayList<>();
            int threads = args[0].equals("decode") ? Runtime.getRuntime().availableProcessors() : 1;
            int repeat = 1;
            int warmup = 0;
            int epf = 0;
            boolean imageio = false;
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--threads" -> threads = positive(args, ++i, 1);
                    case "--repeat" -> repeat = positive(args, ++i, 1);
                    case "--warmup" -> warmup = positive(args, ++i, 0);
                    case "--epf" -> epf = positive(args, ++i, 0);
                    case "--reader" -> {
                        String r = i + 1 < args.length ? args[++i] : "";
                        if (!r.equals("imageio") && !r.equals("sample")) {
                            throw new UsageException("--reader takes sample or imageio, got '" + r + "'");
                        }
                        imageio = r.equals("imageio");
                    }
                    default -> {
                        if (args[i].startsWith("--")) throw new UsageException("unknown option " + args[i]);
                        paths.add(args[i]);
                    }
                }
            }
            if (paths.isEmpty()) throw new UsageException("no input files\n" + usage);
            return new Options(paths, threads, repeat, warmup, epf, imageio);
        }

        private static int positive(String[] args, int i, int min) {
            if (i >= args.length) throw new UsageException(args[i - 1] + " needs a number");
            try {
                int v = Integer.parseInt(args[i]);
                if (v < min) throw new UsageException(args[i - 1] + " must be at least " + min);
                return v;
            } catch (NumberFormatException e) {
                throw new UsageException(args[i - 1] + " needs a number, got '" + args[i] + "'");
            }
        }
    }
}
