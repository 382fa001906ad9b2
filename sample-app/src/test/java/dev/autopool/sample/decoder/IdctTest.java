package dev.autopool.sample.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast AAN inverse DCT agrees with the textbook formula of T.81 A.3.3 (then level shift and clamp). */
class IdctTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void matchesTheDefinition(int seed) {
        Random rnd = new Random(seed);
        int[] coef = new int[64];
        int[] quant = new int[64];
        for (int k = 0; k < 64; k++) {
            coef[k] = rnd.nextInt(5) == 0 ? rnd.nextInt(21) - 10 : 0;
            quant[k] = 1 + rnd.nextInt(4);
        }
        coef[0] = rnd.nextInt(201) - 100;
        float[][] out = new float[8][8];
        Idct.transform(coef, Idct.dequantMultipliers(quant), new float[64], out, 0, 0);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                double s = 0;
                for (int v = 0; v < 8; v++) {
                    for (int u = 0; u < 8; u++) {
                        double cu = u == 0 ? Math.sqrt(0.5) : 1;
                        double cv = v == 0 ? Math.sqrt(0.5) : 1;
                        s += cu * cv * coef[v * 8 + u] * quant[v * 8 + u]
                                * Math.cos((2 * x + 1) * u * Math.PI / 16) * Math.cos((2 * y + 1) * v * Math.PI / 16);
                    }
                }
                double expected = Math.max(0, Math.min(255, s / 4 + 128));
                assertEquals(expected, out[y][x], 0.01, "sample " + x + "," + y);
            }
        }
    }
}
