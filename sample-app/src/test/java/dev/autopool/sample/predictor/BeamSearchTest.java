package dev.autopool.sample.predictor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BeamSearchTest {
    private static final float LIKELY = (float) Math.log(0.9);
    private static final float UNLIKELY = (float) Math.log(0.1 / 29);
    private final Lexicon lexicon = Lexicon.of(List.of("car", "cart", "care", "cat", "dog", "do"));

    /** A scorer that believes in one spelling: its next letter (or eos after it) is likely, the rest is not. */
    private static BeamSearch.Scorer believing(String word, AtomicInteger calls, int[] widest) {
        return prefixes -> {
            calls.incrementAndGet();
            widest[0] = Math.max(widest[0], prefixes.length);
            float[][] out = new float[prefixes.length][Keyboard.VOCAB];
            for (int b = 0; b < prefixes.length; b++) {
                Arrays.fill(out[b], UNLIKELY);
                int n = prefixes[b].length - 1;
                boolean onTrack = true;
                for (int i = 1; i <= n; i++) {
                    onTrack &= i - 1 < word.length() && prefixes[b][i] == Keyboard.token(word.charAt(i - 1));
                }
                if (onTrack) out[b][n < word.length() ? Keyboard.token(word.charAt(n)) : Keyboard.EOS] = LIKELY;
            }
            return out;
        };
    }

    @Test
    void findsTheWordTheScorerBelievesIn() {
        List<Prediction> top = BeamSearch.search(lexicon, believing("cart", new AtomicInteger(), new int[1]), 6, 5);
        assertEquals("cart", top.get(0).word());
        assertEquals(5 * LIKELY, top.get(0).score(), 1e-5);
    }

    @Test
    void answersOnlyLexiconWordsBestFirst() {
        List<Prediction> top = BeamSearch.search(lexicon, believing("cxt", new AtomicInteger(), new int[1]), 6, 5);
        assertEquals(5, top.size());
        for (int i = 0; i < top.size(); i++) {
            assertTrue(lexicon.contains(top.get(i).word()), top.get(i).word());
            if (i > 0) assertTrue(top.get(i - 1).score() >= top.get(i).score());
        }
    }

    @Test
    void aScoreIsTheSumOfTheStepLogProbabilities() {
        List<Prediction> top = BeamSearch.search(lexicon, believing("car", new AtomicInteger(), new int[1]), 6, 5);
        assertEquals("car", top.get(0).word());
        assertEquals(4 * LIKELY, top.get(0).score(), 1e-5);
        Prediction cart = top.stream().filter(p -> p.word().equals("cart")).findFirst().orElseThrow();
        assertEquals(3 * LIKELY + 2 * UNLIKELY, cart.score(), 1e-5, "c a r on track, then t and eos off it");
    }

    @Test
    void keepsAtMostWidthBeamsAndStopsWhenNothingCanImprove() {
        AtomicInteger calls = new AtomicInteger();
        int[] widest = new int[1];
        BeamSearch.search(Lexicon.load(), believing("do", calls, widest), 2, 1);
        assertEquals(2, widest[0]);
        assertTrue(calls.get() <= 4, "after 'do' + eos no beam can beat it; calls " + calls.get());
    }
}
