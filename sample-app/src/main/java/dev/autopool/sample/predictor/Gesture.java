package dev.autopool.sample.predictor;

import java.util.Arrays;

/**
 * A swipe as the touch screen reports it: points in key units (see {@link Keyboard}) with timestamps in
 * milliseconds. Construction rejects what cannot be a swipe: fewer than two points, or a coordinate or time that
 * is not a finite number. The arrays are copied in; the accessors hand out the record's own arrays, which callers
 * must treat as read-only.
 */
public record Gesture(float[] x, float[] y, float[] timeMs) {
    public Gesture {
        if (x.length != y.length || x.length != timeMs.length) {
            throw new IllegalArgumentException("a gesture needs as many x, y and times; got "
                    + x.length + ", " + y.length + ", " + timeMs.length);
        }
        if (x.length < 2) {
            throw new IllegalArgumentException("a swipe needs at least 2 points, got " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i]) || !Float.isFinite(y[i]) || !Float.isFinite(timeMs[i])) {
                throw new IllegalArgumentException("point " + i + " is not a finite number: ("
                        + x[i] + ", " + y[i] + ") at " + timeMs[i] + " ms");
            }
        }
        x = x.clone();
        y = y.clone();
        timeMs = timeMs.clone();
    }

    public int size() {
        return x.length;
    }

    /** The first {@code n} points. */
    Gesture head(int n) {
        return new Gesture(Arrays.copyOf(x, n), Arrays.copyOf(y, n), Arrays.copyOf(timeMs, n));
    }
}
