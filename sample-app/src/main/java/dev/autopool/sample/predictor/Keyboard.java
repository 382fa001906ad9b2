package dev.autopool.sample.predictor;

/**
 * The QWERTY layout the predictor works on, in key units: a key is 1 wide and 1 high, the top row's first key
 * is centred at (0.5, 0.5), the home row is shifted right by half a key and the bottom row by one and a half.
 * Also the model vocabulary: {@code pad, unk, sos, eos, a..z}.
 */
final class Keyboard {
    static final int PAD = 0;
    static final int UNK = 1;
    static final int SOS = 2;
    static final int EOS = 3;
    static final int FIRST_LETTER = 4;
    static final int VOCAB = FIRST_LETTER + 26;

    private static final String[] ROWS = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
    private static final float[] ROW_OFFSET = {0.5f, 1.0f, 2.0f};
    private static final float[] X = new float[26];
    private static final float[] Y = new float[26];

    static {
        for (int r = 0; r < ROWS.length; r++) {
            for (int c = 0; c < ROWS[r].length(); c++) {
                int letter = ROWS[r].charAt(c) - 'a';
                X[letter] = ROW_OFFSET[r] + c;
                Y[letter] = r + 0.5f;
            }
        }
    }

    private Keyboard() {}

    static float keyX(char letter) {
        return X[letterIndex(letter)];
    }

    static float keyY(char letter) {
        return Y[letterIndex(letter)];
    }

    /** Vocabulary index of a letter a..z. */
    static int token(char letter) {
        return FIRST_LETTER + letterIndex(letter);
    }

    static char letter(int token) {
        if (token < FIRST_LETTER || token >= VOCAB) throw new IllegalArgumentException("not a letter token: " + token);
        return (char) ('a' + token - FIRST_LETTER);
    }

    /** Vocabulary index of the letter key nearest to the point; {@code UNK} when the point is off the keyboard. */
    static int nearestKey(float x, float y) {
        if (!(x >= -0.5f && x <= 10.5f && y >= -0.5f && y <= 3.5f)) return UNK;
        int best = 0;
        float bestD = Float.MAX_VALUE;
        for (int i = 0; i < 26; i++) {
            float dx = x - X[i];
            float dy = y - Y[i];
            float d = dx * dx + dy * dy;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return FIRST_LETTER + best;
    }

    private static int letterIndex(char letter) {
        if (letter < 'a' || letter > 'z') throw new IllegalArgumentException("not a letter a-z: '" + letter + "'");
        return letter - 'a';
    }
}
