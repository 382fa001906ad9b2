package dev.autopool.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autopool.agent.rewrite.fixture.Caller;
import dev.autopool.agent.rewrite.fixture.Shapes;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code audit --suggest}: static methods that build and return a matrix untouched become factory rules. */
class FactorySuggestionsTest {

    @Test
    void proposesPureMatrixFactoriesWithArgumentMapsAndCallCounts() throws IOException {
        List<String> rules = FactorySuggestions.lines(List.of(entry(Shapes.class), entry(Caller.class))).stream()
                .map(l -> l.substring(0, l.indexOf("   # ")) + " |" + l.substring(l.indexOf(", ") + 1))
                .toList();
        String s = Shapes.class.getName();

        assertEquals(List.of(
                "factory " + s + "#float1d(int) | 1 call site(s) in the scanned classes",
                "factory " + s + "#float2d(int,int) | 3 call site(s) in the scanned classes",
                "factory " + s + "#float3d(int,int,int) | 3 call site(s) in the scanned classes",
                "factory " + s + "#float4d(int,int,int,int) | 1 call site(s) in the scanned classes",
                "factory " + s + "#double3d(int,int,int) | 1 call site(s) in the scanned classes",
                "factory " + s + "#int2d(int,int) | 1 call site(s) in the scanned classes",
                "factory " + s + "#long1d(int) | 1 call site(s) in the scanned classes",
                "factory " + s + "#short2d(int,int) | 1 call site(s) in the scanned classes",
                "factory " + s + "#byte1d(int) | 1 call site(s) in the scanned classes",
                "factory " + s + "#image(java.lang.String,int,int) dims=2,1 | 1 call site(s) in the scanned classes",
                "factory " + s + "#int3d(int,int,int) | 1 call site(s) in the scanned classes"),
                rules, "unit(int,int) writes into its array and chars(int) is not poolable: neither is proposed");
    }

    @Test
    void aCorruptClassFileIsNamedAndTheOthersAreStillScanned() throws IOException {
        byte[] truncated = java.util.Arrays.copyOf(entry(Caller.class).bytes(), 40);
        List<String> lines = FactorySuggestions.lines(List.of(new ClassFiles.Entry("p/Broken", truncated),
                entry(Shapes.class)));

        assertEquals(true, lines.get(0).startsWith("# p.Broken cannot be read ("), lines::toString);
        assertEquals(true, lines.get(1).startsWith("factory " + Shapes.class.getName() + "#float1d(int)"),
                lines::toString);
    }

    private static ClassFiles.Entry entry(Class<?> c) throws IOException {
        String name = c.getName().replace('.', '/');
        try (InputStream in = c.getResourceAsStream("/" + name + ".class")) {
            return new ClassFiles.Entry(name, in.readAllBytes());
        }
    }
}
