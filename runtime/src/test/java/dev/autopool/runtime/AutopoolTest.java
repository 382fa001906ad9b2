package dev.autopool.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autopool.runtime.report.SealForTests;
import org.junit.jupiter.api.Test;

/** The direct-use API: borrow, release and scopes, without the agent. */
class AutopoolTest {
    @Test
    void aReleasedArrayIsBorrowedAgainZeroed() {
        float[][][] m = Autopool.borrow(float[][][].class, 2, 7, 9);
        m[1][6][8] = 3f;
        Autopool.release(m);

        float[][][] again = Autopool.borrow(float[][][].class, 2, 7, 9);
        assertSame(m, again);
        assertEquals(0f, again[1][6][8]);
        Autopool.release(again);
    }

    @Test
    void aScopeReleasesEverythingBorrowedThroughItWhenItCloses() {
        int[][] a;
        long[] b;
        try (Autopool.Scope scope = Autopool.scope()) {
            a = scope.borrow(int[][].class, 11, 13);
            b = scope.borrow(long[].class, 17);
        }
        assertSame(b, Autopool.borrow(long[].class, 17));
        assertSame(a, Autopool.borrow(int[][].class, 11, 13));
        Autopool.release(a);
        Autopool.release(b);
    }

    @Test
    void withoutTheAgentTheRuntimeHonoursTheLogSetting() {
        SealForTests.reopen();
        try {
            assertEquals(java.util.List.of(), Autopool.configure(java.util.Map.of("log", "error")));
            assertEquals(false, dev.autopool.runtime.report.ReportLog.enabled(System.Logger.Level.WARNING));
            assertEquals(true, dev.autopool.runtime.report.ReportLog.enabled(System.Logger.Level.ERROR));
        } finally {
            SealForTests.reopen();
            Autopool.configure(java.util.Map.of("log", "info"));
            SealForTests.reopen();
        }
    }

    @Test
    void configureReturnsEachBadValueAndUnknownKeyForTheCallerToReport() {
        SealForTests.reopen(); // the first configuration of this JVM, whichever test ran before
        try {
            java.util.List<String> problems = Autopool.configure(java.util.Map.of("budget", "lots",
                    "leak.rate", "often", "someone.else", "x"));

            assertEquals(3, problems.size(), problems::toString);
            assertEquals(true, problems.get(0).startsWith("setting someone.else=x: unknown key (known: leak, "),
                    problems::toString);
            assertEquals(true, problems.get(1).startsWith("setting budget=lots: expected a size"), problems::toString);
            assertEquals(true, problems.get(2).startsWith("setting leak.rate=often: expected a whole number"),
                    problems::toString);
        } finally {
            SealForTests.reopen();
        }
    }

    @Test
    void aTypeThePoolDoesNotHoldOrAWrongRankIsAClearError() {
        assertThrows(IllegalArgumentException.class, () -> Autopool.borrow(char[].class, 3));
        assertThrows(IllegalArgumentException.class, () -> Autopool.borrow(float[][].class, 3));
    }
}
