package dev.autopool.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Bytes a child JVM had allocated over time, read from its flight recording: the JVM's periodic
 * {@code jdk.ThreadAllocationStatistics} events carry each thread's running total, so the sum over threads at
 * each period is the whole process's allocation so far (threads that ended keep their last total).
 */
public record AllocationTimeline(List<Point> points, int gcCount) {
    /** Events closer together than this belong to one period's batch (periods are 10 ms or more). */
    private static final Duration BATCH = Duration.ofMillis(5);

    /** Seconds since the first event, and megabytes allocated by then. */
    public record Point(double seconds, double megabytes) {}

    /** Recording settings that sample allocation every {@code periodMillis} and record every GC. */
    public static String settings(int periodMillis) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0" label="autopool allocation timeline">
                  <event name="jdk.ThreadAllocationStatistics">
                    <setting name="enabled">true</setting>
                    <setting name="period">%d ms</setting>
                  </event>
                  <event name="jdk.GarbageCollection">
                    <setting name="enabled">true</setting>
                    <setting name="threshold">0 ms</setting>
                  </event>
                </configuration>
                """.formatted(periodMillis);
    }

    public static AllocationTimeline read(Path recording) throws IOException {
        List<RecordedEvent> samples = new ArrayList<>();
        int gcs = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                if (type.equals("jdk.ThreadAllocationStatistics")) {
                    samples.add(event);
                } else if (type.equals("jdk.GarbageCollection")) {
                    gcs++;
                }
            }
        }
        samples.sort((a, b) -> a.getStartTime().compareTo(b.getStartTime()));
        List<Point> points = new ArrayList<>();
        Map<Long, Long> totals = new HashMap<>();
        Instant start = samples.isEmpty() ? Instant.EPOCH : samples.get(0).getStartTime();
        long total = 0;
        for (int i = 0; i < samples.size(); i++) {
            RecordedEvent sample = samples.get(i);
            long thread = sample.getThread("thread") == null ? -1 : sample.getThread("thread").getJavaThreadId();
            long allocated = sample.getLong("allocated");
            Long before = totals.put(thread, allocated);
            total += allocated - (before == null ? 0 : before);
            // One period emits an event per thread within a few microseconds: plot the sum once the batch is in.
            boolean batchEnds = i + 1 == samples.size() || Duration.between(sample.getStartTime(),
                    samples.get(i + 1).getStartTime()).compareTo(BATCH) > 0;
            if (!batchEnds) continue;
            double seconds = (sample.getStartTime().toEpochMilli() - start.toEpochMilli()) / 1000.0;
            points.add(new Point(seconds, total / 1e6));
        }
        return new AllocationTimeline(thin(points, 400), gcs);
    }

    /** At most {@code max} points, keeping the last point of each bucket so the curve ends where the run did. */
    private static List<Point> thin(List<Point> points, int max) {
        if (points.size() <= max) return points;
        List<Point> kept = new ArrayList<>();
        double step = (double) points.size() / max;
        for (int i = 1; i <= max; i++) {
            kept.add(points.get((int) Math.min(points.size() - 1, Math.round(i * step) - 1)));
        }
        return kept;
    }

    public double seconds() {
        return points.isEmpty() ? 0 : points.get(points.size() - 1).seconds();
    }

    public double megabytes() {
        return points.isEmpty() ? 0 : points.get(points.size() - 1).megabytes();
    }

    /** Writes the settings file for {@link ChildJvm#withFlightRecording}. */
    public static Path writeSettings(Path dir, int periodMillis) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("allocation.jfc"), settings(periodMillis));
    }
}
