package dev.autopool.sample.predictor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SwipeSynthesizerTest {
    @ParameterizedTest
    @ValueSource(strings = {"the", "keyboard", "zebra", "pop"})
    void sameWordAndSeedGiveTheSameGestureAnotherSeedAnother(String word) {
        Gesture a = SwipeSynthesizer.swipe(word, 11);
        Gesture b = SwipeSynthesizer.swipe(word, 11);
        assertArrayEquals(a.x(), b.x());
        assertArrayEquals(a.y(), b.y());
        assertArrayEquals(a.timeMs(), b.timeMs());
        assertFalse(Arrays.equals(a.x(), SwipeSynthesizer.swipe(word, 12).x()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"the", "keyboard", "zebra", "pop"})
    void startsAtTheFirstKeyEndsAtTheLastAndIsSampledAtAboutSixtyHertz(String word) {
        Gesture g = SwipeSynthesizer.swipe(word, 3);
        char first = word.charAt(0);
        char last = word.charAt(word.length() - 1);
        // The finger aims with an error of 0.2 keys (sigma), so it may land on a neighbour, but not farther.
        assertTrue(distance(g, 0, first) < 0.9, "start " + distance(g, 0, first) + " keys from " + first);
        assertTrue(distance(g, g.size() - 1, last) < 0.9, "end " + distance(g, g.size() - 1, last) + " keys from " + last);
        for (int i = 1; i < g.size(); i++) {
            assertEquals(SwipeSynthesizer.SAMPLE_MS, g.timeMs()[i] - g.timeMs()[i - 1], 1e-3);
        }
    }

    private static double distance(Gesture g, int i, char key) {
        return Math.hypot(g.x()[i] - Keyboard.keyX(key), g.y()[i] - Keyboard.keyY(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"keyboard", "zebra"})
    void slowsDownNearTheKeysItAimsAt(String word) {
        Gesture g = SwipeSynthesizer.swipe(word, 5);
        double nearKey = 0;
        double between = 0;
        int nNear = 0;
        int nBetween = 0;
        for (int i = 1; i < g.size(); i++) {
            double step = Math.hypot(g.x()[i] - g.x()[i - 1], g.y()[i] - g.y()[i - 1]);
            boolean near = false;
            for (char c : word.toCharArray()) {
                near |= Math.hypot(g.x()[i] - Keyboard.keyX(c), g.y()[i] - Keyboard.keyY(c)) < 0.35;
            }
            if (near) {
                nearKey += step;
                nNear++;
            } else {
                between += step;
                nBetween++;
            }
        }
        assertTrue(nearKey / nNear < between / nBetween,
                "mean step near keys " + nearKey / nNear + " vs between " + between / nBetween);
    }
}
