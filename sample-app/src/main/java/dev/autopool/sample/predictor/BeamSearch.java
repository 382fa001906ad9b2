package dev.autopool.sample.predictor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search over the lexicon trie: every beam is a word prefix that the trie allows; each step asks the scorer
 * for the next token's log-probabilities of all beams at once, extends each beam by the letters the trie allows,
 * and keeps the best {@code width}. A beam on a complete word also ends there, scored with end-of-word. Since
 * log-probabilities are never positive, the search stops once no beam can beat the {@code topK}-th finished word.
 */
final class BeamSearch {
    /** Scores the next token for every prefix (each starts with sos; all have the same length). */
    interface Scorer {
        float[][] next(int[][] prefixes);
    }

    private record Beam(int[] tokens, int node, float score) {}

    private static final Comparator<Prediction> BEST_FIRST =
            Comparator.comparing(Prediction::score).reversed().thenComparing(Prediction::word);

    private BeamSearch() {}

    static List<Prediction> search(Lexicon lexicon, Scorer scorer, int width, int topK) {
        List<Beam> beams = List.of(new Beam(new int[] {Keyboard.SOS}, 0, 0f));
        List<Prediction> finished = new ArrayList<>();
        while (!beams.isEmpty()) {
            int[][] prefixes = new int[beams.size()][];
            for (int b = 0; b < prefixes.length; b++) prefixes[b] = beams.get(b).tokens();
            float[][] logProbs = scorer.next(prefixes);
            List<Beam> extended = new ArrayList<>();
            for (int b = 0; b < prefixes.length; b++) {
                Beam beam = beams.get(b);
                float[] p = logProbs[b];
                if (lexicon.isWord(beam.node())) {
                    finished.add(new Prediction(word(beam.tokens()), beam.score() + p[Keyboard.EOS]));
                }
                if (beam.tokens().length == SwipeModels.TARGET) continue;
                for (int letter = 0; letter < 26; letter++) {
                    int child = lexicon.child(beam.node(), letter);
                    if (child < 0) continue;
                    int token = Keyboard.FIRST_LETTER + letter;
                    int[] tokens = Arrays.copyOf(beam.tokens(), beam.tokens().length + 1);
                    tokens[tokens.length - 1] = token;
                    extended.add(new Beam(tokens, child, beam.score() + p[token]));
                }
            }
            extended.sort(Comparator.comparing(Beam::score).reversed().thenComparing(b -> word(b.tokens())));
            beams = extended.subList(0, Math.min(width, extended.size()));
            finished.sort(BEST_FIRST);
            boolean settled = finished.size() >= topK
                    && (beams.isEmpty() || beams.get(0).score() <= finished.get(topK - 1).score());
            if (settled) break;
        }
        finished.sort(BEST_FIRST);
        return List.copyOf(finished.subList(0, Math.min(topK, finished.size())));
    }

    private static String word(int[] tokens) {
        StringBuilder sb = new StringBuilder(tokens.length);
        for (int i = 1; i < tokens.length; i++) sb.append(Keyboard.letter(tokens[i]));
        return sb.toString();
    }
}
