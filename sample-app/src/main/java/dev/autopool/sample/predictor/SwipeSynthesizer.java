package dev.autopool.sample.predictor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a word into a plausible swipe over the QWERTY layout: the finger aims at each key with a Gaussian error,
 * moves between keys along a gently curved path whose duration follows Fitts's law, slows down near each key
 * (a minimum-jerk profile blended with constant speed), is sampled at about 60 Hz, and every sample carries a
 * little sensor jitter. A repeated letter is one touch of its key. Same word and seed, same gesture.
 */
public final class SwipeSynthesizer {
    static final float SAMPLE_MS = 16.7f;
    private static final double AIM_SIGMA = 0.2;
    private static final double JITTER_SIGMA = 0.02;
    private static final double CURVE_SIGMA = 0.12;
    private static final double CONSTANT_SPEED_SHARE = 0.3;
    private static final double FITTS_A_MS = 50;
    private static final double FITTS_B_MS = 60;
    private static final double DWELL_MS = 50;

    private SwipeSynthesizer() {}

    /** A swipe of {@code word} (letters a-z, at least one) drawn with the given seed. */
    public static Gesture swipe(String word, long seed) {
        if (word.isEmpty()) throw new IllegalArgumentException("cannot swipe an empty word");
        SplittableRandom random = new SplittableRandom(seed ^ word.hashCode() * 0x9E3779B97F4A7C15L);
        List<double[]> aims = new ArrayList<>();
        char previous = 0;
        for (char c : word.toCharArray()) {
            if (c == previous) continue;
            double x = Keyboard.keyX(c) + gauss(random, AIM_SIGMA);
            double y = Keyboard.keyY(c) + gauss(random, AIM_SIGMA);
            aims.add(new double[] {x, y});
            previous = c;
        }
        List<float[]> points = new ArrayList<>();
        double bend = gauss(random, CURVE_SIGMA);
        double t = random.nextDouble() * SAMPLE_MS;
        double segmentStart = 0;
        double[] first = aims.get(0);
        for (; t < DWELL_MS; t += SAMPLE_MS) points.add(sample(random, first[0], first[1], t));
        segmentStart = DWELL_MS;
        for (int k = 1; k < aims.size(); k++) {
            double[] a = aims.get(k - 1);
            double[] b = aims.get(k);
            double dx = b[0] - a[0];
            double dy = b[1] - a[1];
            double distance = StrictMath.hypot(dx, dy);
            double duration = FITTS_A_MS + FITTS_B_MS * log2(1 + distance);
            // Control point off the chord's middle, perpendicular to it: the path's curvature.
            double offset = (bend + gauss(random, CURVE_SIGMA / 2)) * distance;
            double cx = (a[0] + b[0]) / 2 - dy / Math.max(distance, 1e-9) * offset;
            double cy = (a[1] + b[1]) / 2 + dx / Math.max(distance, 1e-9) * offset;
            double end = segmentStart + duration;
            for (; t < end; t += SAMPLE_MS) {
                double tau = (t - segmentStart) / duration;
                double s = (1 - CONSTANT_SPEED_SHARE) * minimumJerk(tau) + CONSTANT_SPEED_SHARE * tau;
                double u = 1 - s;
                double x = u * u * a[0] + 2 * u * s * cx + s * s * b[0];
                double y = u * u * a[1] + 2 * u * s * cy + s * s * b[1];
                points.add(sample(random, x, y, t));
            }
            segmentStart = end;
        }
        double[] last = aims.get(aims.size() - 1);
        double lift = segmentStart + DWELL_MS / 2;
        for (; t < lift || points.size() < 2; t += SAMPLE_MS) points.add(sample(random, last[0], last[1], t));
        float[] xs = new float[points.size()];
        float[] ys = new float[points.size()];
        float[] ts = new float[points.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = points.get(i)[0];
            ys[i] = points.get(i)[1];
            ts[i] = points.get(i)[2];
        }
        return new Gesture(xs, ys, ts);
    }

    private static float[] sample(SplittableRandom random, double x, double y, double t) {
        float jx = (float) (x + gauss(random, JITTER_SIGMA));
        float jy = (float) (y + gauss(random, JITTER_SIGMA));
        return new float[] {jx, jy, (float) t};
    }

    private static double minimumJerk(double tau) {
        return tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
    }

    private static double log2(double v) {
        return StrictMath.log(v) / StrictMath.log(2);
    }

    /** Box-Muller, so the gestures do not depend on a JDK's nextGaussian algorithm. */
    private static double gauss(SplittableRandom random, double sigma) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return sigma * StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}
