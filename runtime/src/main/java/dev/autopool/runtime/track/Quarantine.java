package dev.autopool.runtime.track;

import java.lang.ref.SoftReference;
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
 *
 * <p>Everything waiting is held through one {@link SoftReference}, as the pool's free lists are: the JVM clears it
 * before it throws an {@link OutOfMemoryError}, so waiting buffers never cost the app an OOM it would not have
 * had. What the GC took is simply gone: those buffers are released in the ledger and in no pool, so they are never
 * lent again, and a stale release of one is still a double return.
 */
final class Quarantine {
    /** Lines kept at once: an app that makes ever new shapes (images of every size) must not grow this. */
    static final int MAX_SHAPES = 64;

    private final long maxBytes;
    /** The lines, the spill and their byte count; made again after the GC cleared them. */
    private SoftReference<Waiting> waiting = new SoftReference<>(new Waiting());
    private long tick;
    /** How often the GC took what waited (under memory pressure). */
    private long givenUp;

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
        try {
            Waiting w = waiting();
            Line line = line(w, array.getClass(), dims, bytes);
            line.lastUse = ++tick;
            line.held.addLast(array);
            w.heldBytes += bytes;
            if (line.held.size() > capacity) {
                w.heldBytes -= bytes;
                return line.held.pollFirst();
            }
            return null;
        } catch (OutOfMemoryError e) {
            return array; // no room to wait: it leaves at once (a release never throws what the app's code would not)
        }
    }

    /** What waits, made again (and counted) if the GC cleared it under memory pressure. */
    private Waiting waiting() {
        Waiting w = waiting.get();
        if (w == null) {
            w = new Waiting();
            waiting = new SoftReference<>(w);
            givenUp++;
        }
        return w;
    }

    /** How often the GC took everything that waited (for tests and the record). */
    synchronized long givenUp() {
        return givenUp + (waiting.refersTo(null) ? 1 : 0);
    }

    /** Lets the GC take what waits, as it would under memory pressure (for tests). */
    synchronized void clearAsTheGcWould() {
        waiting.clear();
    }

    /**
     * One more array that must leave now, or null: one of a line emptied to make room for a new shape, or, while
     * the quarantine holds more than its byte bound, the oldest of the least recently used line.
     */
    synchronized Object overflow() {
        Waiting w = waiting.get();
        if (w == null) {
            return null;
        }
        Object spilled = w.spill.pollFirst();
        if (spilled != null || w.heldBytes <= maxBytes) {
            return spilled;
        }
        Line coldest = null;
        for (Line l : w.lines) {
            if (!l.held.isEmpty() && (coldest == null || l.lastUse < coldest.lastUse)) {
                coldest = l;
            }
        }
        if (coldest == null) {
            return null;
        }
        w.heldBytes -= coldest.bytes;
        return coldest.held.pollFirst();
    }

    /** Lets every held array leave (when the level drops below full, the window is set to 0, or for tests). */
    synchronized Object[] releaseAll() {
        Waiting w = waiting.get();
        if (w == null) {
            return new Object[0];
        }
        List<Object> all = new ArrayList<>(w.spill);
        for (Line l : w.lines) {
            all.addAll(l.held);
        }
        w.spill.clear();
        w.lines.clear();
        w.heldBytes = 0;
        return all.toArray();
    }

    /** How many arrays wait (for tests). */
    synchronized int held() {
        Waiting w = waiting.get();
        if (w == null) {
            return 0;
        }
        int n = w.spill.size();
        for (Line l : w.lines) {
            n += l.held.size();
        }
        return n;
    }

    /**
     * The line of this shape, made if needed. Beyond {@link #MAX_SHAPES} lines, an empty line is dropped, else
     * the least recently used one, whose arrays then leave through {@link #overflow}.
     */
    private static Line line(Waiting w, Class<?> type, int[] dims, long bytes) {
        List<Line> lines = w.lines;
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
            w.heldBytes -= evicted.bytes * evicted.held.size();
            w.spill.addAll(evicted.held);
        }
        Line fresh = new Line(type, dims.clone(), bytes);
        lines.add(fresh);
        return fresh;
    }

    /** Everything that waits: the lines, and what a dropped line spilled; held softly as one. */
    private static final class Waiting {
        final List<Line> lines = new ArrayList<>();
        /** Arrays of a line dropped to make room for a new shape, waiting to leave through {@link #overflow}. */
        final ArrayDeque<Object> spill = new ArrayDeque<>();
        long heldBytes;
    }

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
