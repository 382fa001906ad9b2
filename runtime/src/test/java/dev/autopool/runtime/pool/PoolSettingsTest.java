package dev.autopool.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pool keys of the agent's settings: sizes, fractions, durations, warm-up shapes, and bad values. */
class PoolSettingsTest {
    private static final long HEAP = 1L << 30;

    @Test
    void withoutSettingsTheBudgetIsAQuarterOfTheMaxHeap() {
        PoolSettings s = parse(Map.of());
        assertEquals(HEAP / 4, s.budget());
        assertEquals(HEAP / 8, s.shapeCap());
        assertEquals(TimeUnit.SECONDS.toNanos(60), s.trimIdleNanos());
        assertEquals(HEAP / 2, s.outstandingWarn());
    }

    @ParameterizedTest
    @CsvSource({"4096, 4096", "64k, 65536", "256m, 268435456", "2g, 2147483648", "512MiB, 536870912",
            "off, 0"})
    void sizesTakeBinarySuffixes(String text, long bytes) {
        assertEquals(bytes, parse(Map.of("budget", text)).budget());
    }

    @Test
    void anAbsoluteBudgetWinsOverTheFraction() {
        assertEquals(HEAP / 10, parse(Map.of("budget.fraction", "0.1")).budget());
        assertEquals(1L << 20, parse(Map.of("budget.fraction", "0.1", "budget", "1m")).budget());
    }

    @ParameterizedTest
    @CsvSource({"500ms, 500", "30s, 30000", "2m, 120000", "1h, 3600000", "off, 0"})
    void trimIdleTakesADuration(String text, long millis) {
        assertEquals(TimeUnit.MILLISECONDS.toNanos(millis), parse(Map.of("trim.idle", text)).trimIdleNanos());
    }

    @Test
    void platformThreadsEarnPrivateMagazinesAfter64BorrowsUnlessMagazineEarnSaysOtherwise() {
        assertEquals(64, parse(Map.of()).magazineEarn());
        assertEquals(0, parse(Map.of("magazine.earn", "0")).magazineEarn());
        assertEquals(1000, parse(Map.of("magazine.earn", " 1000 ")).magazineEarn());
        List<String> problems = new ArrayList<>();
        PoolSettings s = PoolSettings.parse(Map.of("magazine.earn", "-3"), HEAP, problems::add);
        assertEquals(64, s.magazineEarn());
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).contains("magazine.earn=-3"), problems::toString);
    }

    @Test
    void warmUpListsShapesWithCounts() {
        PoolSettings s = parse(Map.of("warmup", "float[3][256][256]x4; int[1024] ;byte[2][2][2][2]x1"));
        assertEquals(3, s.warmup().size());
        assertEquals("float[3][256][256]", s.warmup().get(0).shape().toString());
        assertEquals(4, s.warmup().get(0).count());
        assertEquals(1, s.warmup().get(1).count());
        assertEquals(4, s.warmup().get(2).shape().rank());
    }

    @Test
    void eachBadValueIsReportedAndOnlyItIsIgnored() {
        List<String> problems = new ArrayList<>();
        PoolSettings s = PoolSettings.parse(Map.of("budget", "lots", "trim.idle", "soon", "budget.fraction", "2",
                "warmup", "float[3][256]x2;char[4]", "shape.max", "1m", "leak", "full"), HEAP, problems::add);

        assertEquals(4, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("setting budget.fraction=2: "), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("setting budget=lots: ") && p.contains("256m")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("'char[4]'")));
        assertTrue(problems.stream().allMatch(p -> p.endsWith("; the setting is ignored")), problems::toString);
        assertEquals(HEAP / 4, s.budget());
        assertEquals(1L << 20, s.shapeCap());
        assertEquals(List.of(), s.warmup(), "one bad entry drops the whole setting, as the agent does");
    }

    @Test
    void aShareOfTheHeapIsAcceptedByEverySizeKeyThatCapsTheHeap() {
        PoolSettings s = parse(Map.of("budget", "50%", "shape.max", "10%", "outstanding.warn", "75%"));
        assertEquals(HEAP / 2, s.budget());
        assertEquals(HEAP / 10, s.shapeCap());
        assertEquals(HEAP / 4 * 3, s.outstandingWarn());
    }

    @Test
    void magazineSizeIsACountCappedAt1024() {
        assertEquals(1024, parse(Map.of("magazine.size", "5000")).magazineSize());
        assertEquals(16, parse(Map.of("magazine.size", "16")).magazineSize());
    }

    private static PoolSettings parse(Map<String, String> settings) {
        return PoolSettings.parse(settings, HEAP, p -> { throw new AssertionError(p); });
    }
}
