package dev.autopool.sample.predictor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The words the predictor may answer with, as a trie over a-z. Node 0 is the root; a node's children are found
 * by letter. The shipped lexicon is the lowercase part of Debian's wamerican-small word list.
 */
final class Lexicon {
    static final String RESOURCE = "/predictor/lexicon.txt";
    private static final int NONE = -1;

    private int[][] children = new int[1024][];
    private boolean[] wordEnd = new boolean[1024];
    private int nodes = 1;
    private final List<String> words = new ArrayList<>();

    private Lexicon() {}

    static Lexicon of(Collection<String> words) {
        Lexicon lexicon = new Lexicon();
        for (String w : words) lexicon.add(w);
        return lexicon;
    }

    /** The lexicon shipped with the app. */
    static Lexicon load() {
        try (InputStream in = Lexicon.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("lexicon resource missing: " + RESOURCE);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> words = new ArrayList<>();
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) words.add(line.strip());
            }
            return of(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int size() {
        return words.size();
    }

    String word(int index) {
        return words.get(index);
    }

    boolean contains(String word) {
        int node = 0;
        for (int i = 0; i < word.length() && node != NONE; i++) node = child(node, word.charAt(i) - 'a');
        return node != NONE && wordEnd[node];
    }

    /** The child of {@code node} by letter 0..25, or -1. */
    int child(int node, int letter) {
        int[] c = children[node];
        return c == null ? NONE : c[letter];
    }

    boolean isWord(int node) {
        return wordEnd[node];
    }

    private void add(String word) {
        if (word.isEmpty() || word.length() > SwipeModels.TARGET - 1) {
            throw new IllegalArgumentException(
                    "a lexicon word has 1.." + (SwipeModels.TARGET - 1) + " letters: '" + word + "'");
        }
        int node = 0;
        for (char ch : word.toCharArray()) {
            if (ch < 'a' || ch > 'z') {
                throw new IllegalArgumentException("a lexicon word is lowercase a-z: '" + word + "'");
            }
            int letter = ch - 'a';
            if (children[node] == null) {
                children[node] = new int[26];
                Arrays.fill(children[node], NONE);
            }
            if (children[node][letter] == NONE) children[node][letter] = newNode();
            node = children[node][letter];
        }
        if (!wordEnd[node]) words.add(word);
        wordEnd[node] = true;
    }

    private int newNode() {
        if (nodes == wordEnd.length) {
            children = Arrays.copyOf(children, nodes * 2);
            wordEnd = Arrays.copyOf(wordEnd, nodes * 2);
        }
        return nodes++;
    }
}
