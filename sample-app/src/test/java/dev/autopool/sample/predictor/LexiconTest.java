package dev.autopool.sample.predictor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LexiconTest {
    @Test
    void theShippedLexiconHasAtLeastTenThousandLowercaseWords() {
        Lexicon lexicon = Lexicon.load();
        assertTrue(lexicon.size() >= 10_000, "words: " + lexicon.size());
        for (int i = 0; i < lexicon.size(); i++) assertTrue(lexicon.word(i).matches("[a-z]{2,15}"), lexicon.word(i));
        assertTrue(lexicon.contains("keyboard"));
        assertFalse(lexicon.contains("qwxz"));
    }

    @Test
    void theTrieKnowsPrefixesAndWholeWords() {
        Lexicon lexicon = Lexicon.of(List.of("car", "cart", "cat"));
        int c = lexicon.child(0, 'c' - 'a');
        int ca = lexicon.child(c, 'a' - 'a');
        int car = lexicon.child(ca, 'r' - 'a');
        assertFalse(lexicon.isWord(ca));
        assertTrue(lexicon.isWord(car));
        assertTrue(lexicon.child(car, 't' - 'a') >= 0);
        assertEquals(-1, lexicon.child(car, 'e' - 'a'));
        assertEquals(-1, lexicon.child(0, 'z' - 'a'));
    }

    @Test
    void rejectsWordsTheModelCannotSpell() {
        assertThrows(IllegalArgumentException.class, () -> Lexicon.of(List.of("Paris")));
        assertThrows(IllegalArgumentException.class, () -> Lexicon.of(List.of("a".repeat(20))));
    }
}
