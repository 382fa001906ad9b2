package dev.autopool.runtime.track;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Released buffers held back from the pool at {@code full} and {@code paranoid} (poisoned at {@code paranoid}),
 * one first-in-first-out line per shape: a buffer waits until {@code quarantine} later releases of its own shape
 * have gone in after it. Per shape, because the window is about the next borrowers of that shape: with one line
 * over all shapes, a busy shape would push a rare shape's buffer out after a few microseconds, and a rare shape's
 * buffers would wait for the busy shape's traffic instead of their own.
 *
 * <p>Memory is bounded twice: at most {@link #MAX_SHAPES} lines (a new shape beyond that empties the line released
 * into least recently), and at most {@link #maxBytes} held in all (over that, the least recently used line gives
 * up its oldest buffer first). An early leave only narrows the window in which a stale release is caught.
 */
final class Quarantine {
    /** Lines kept at once: an app that makes ever new shapes (images of every size) must not grow this. */
    static final int MAX_SHAPES = 64;

    private final long maxBytes;
    private final List<Line> lines = new ArrayList<>();
    private long heldBytes;
    private long tick;

    Quarantine() {
        this(Math.max(1L << 20, Runtime.getRuntime().maxMemory() / 16));
    }

    Quarantine(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Holds {@code array} (of {@code bytes}, whose shape is its class and {@code dims}) in its shape's line;
     * returns the array that leaves that line to make room (the oldest of the shape, once more than
     * {@code capacity} wait), or null. Call {@link #overflow} after it until it answers null.
     */
    synchronized Object admit(Object array, int[] dims, long bytes, int capacity) {
        Line line = line(array.getClass(), dims, bytes);
        line.lastUse = ++tick;
        line.held.addLast(array);
        heldBytes += bytes;
        if (line.held.size() > capacity) {
            heldBytes -= bytes;
            return line.held.pollFirst();
        }
        return null;
    }

    /**
     * One more array that must leave now, or null: one of a line emptied to make room for a new shape, or, while
     * the quarantine holds more than its byte bound, the oldest of the least recently used line.
     */
    synchronized Object overflow() {
        Object spilled = spill.pollFirst();
        if (spilled != null || heldBytes <= maxBytes) {
            return spilled;
        }
        Line coldest = null;
        for (Line l : lines) {
            if (!l.held.isEmpty() && (coldest == null || l.lastUse < coldest.lastUse)) {
                coldest = l;
            }
        }
        if (coldest == null) {
            return null;
        }
        heldBytes -= coldest.bytes;
        return coldest.held.pollFirst();
    }

    /** Lets every held array leave (when the level drops below full, the window is set to 0, or for tests). */
    synchronized Object[] releaseAll() {
        List<Object> all = new ArrayList<>(spill);
        for (Line l : lines) {
            all.addAll(l.held);
        }
        spill.clear();
        lines.clear();
        heldBytes = 0;
        return all.toArray();
    }

    /** How many arrays wait (for tests). */
    synchronized int held() {
        int n = spill.size();
        for (Line l : lines) {
            n += l.held.size();
        }
        return n;
    }

    /**
     * The line of this shape, made if needed. Beyond {@link #MAX_SHAPES} lines, an empty line is dropped, else
     * the least recently used one, whose arrays then leave through {@link #overflow}.
     */
    private Line line(Class<?> type, int[] dims, long bytes) {
        for (Line l : lines) {
            if (l.type == type && Arrays.equals(l.dims, dims)) {
                return l;
            }
        }
        if (lines.size() >= MAX_SHAPES) {
            Line evicted = null;
            for (Line l : lines) {
                if (evicted == null || (l.held.isEmpty() && !evicted.held.isEmpty())
                        || (l.held.isEmpty() == evicted.held.isEmpty() && l.lastUse < evicted.lastUse)) {
                    evicted = l;
                }
            }
            lines.remove(evicted);
            heldBytes -= evicted.bytes * evicted.held.size();
            spill.addAll(evicted.held);
        }
        Line fresh = new Line(type, dims.clone(), bytes);
        lines.add(fresh);
        return fresh;
    }

    /** Arrays of a line dropped to make room for a new shape, waiting to leave through {@link #overflow}. */
    private final ArrayDeque<Object> spill = new ArrayDeque<>();

    /** The waiting arrays of one shape, oldest first. */
    private static final class Line {
        final Class<?> type;
        final int[] dims;
        final long bytes;
        final ArrayDeque<Object> held = new ArrayDeque<>();
        long lastUse;

        Line(Class<?> type, int[] dims, long bytes) {
            this.type = type;
            this.dims = dims;
            this.bytes = bytes;
        }
    }
}
