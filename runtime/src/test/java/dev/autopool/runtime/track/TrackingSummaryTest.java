package dev.autopool.runtime.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.Sites;
import dev.autopool.runtime.pool.GlobalPool;
import dev.autopool.runtime.report.ShutdownSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackingSummaryTest {

    @Test
    void theSummaryLineKeepsParseableKeyValueWordsWithTheTrackingTotals() {
        GlobalPool.get(); // a used runtime: the pools and the tracker have added their parts of the summary
        int borrow = Sites.register("com.acme.Sum", "run", "Sum.java", 5, "test");
        int release = Sites.register("com.acme.Sum", "run", "Sum.java", 6, "test");
        long before = Tracking.totals().doubleReturns();
        int[] m = new int[2];
        Tracker.borrowed(m, borrow, 8);
        Tracker.releasing(m, release);
        Tracker.releasing(m, release);

        Map<String, String> words = words(ShutdownSummary.line());

        assertTrue(ShutdownSummary.line().startsWith("autopool SUMMARY "));
        assertEquals(String.valueOf(before + 1), words.get("doubleReturns"));
        for (String key : List.of("borrows", "hits", "releases", "leak", "leaks", "leakedBytes", "foreignReturns",
                "writesAfterReturn", "outstanding")) {
            assertTrue(words.containsKey(key), key + " in " + ShutdownSummary.line());
        }
    }

    @Test
    void theTopSitesNameTheSiteWithItsCountsAndHitRate() {
        int borrow = Sites.register("com.acme.Top", "big", "Top.java", 9, "test");
        long[] m = new long[1 << 16];
        Tracker.borrowed(m, borrow, 1L << 40); // by far the most bytes of any site in this JVM
        Tracker.releasing(m, borrow);
        Tracker.reusing(m);
        Tracker.borrowed(m, borrow, 1L << 40);
        Tracker.releasing(m, borrow);

        String top = TrackingSummary.topSites(1).stream().filter(l -> l.contains("by=bytes")).findFirst().orElseThrow();

        assertEquals("autopool TOP-SITE by=bytes rank=1 leaks=0 leakedBytes=0 doubleReturns=0 borrows=2"
                + " bytes=2199023255552 hitRate=0.50 site=com.acme.Top.big(Top.java:9)", top);
    }

    @Test
    void aSiteWithRefusedSecondReleasesIsNamedByItsCountEvenThoughItBorrowsNothing() {
        int borrow = Sites.register("com.acme.Twice", "run", "Twice.java", 5, "test");
        int release = Sites.register("com.acme.Twice", "run", "Twice.java", 8, "test");
        int[] m = new int[2];
        Tracker.borrowed(m, borrow, 8);
        Tracker.releasing(m, release);
        Tracker.releasing(m, release);

        List<String> lines = TrackingSummary.topSites(Integer.MAX_VALUE); // other tests' sites may rank higher

        assertTrue(lines.stream().anyMatch(l -> l.startsWith("autopool TOP-SITE by=doubleReturns rank=")
                && l.contains(" doubleReturns=1 ") && l.endsWith(" site=com.acme.Twice.run(Twice.java:8)")),
                lines::toString);
    }

    private static Map<String, String> words(String line) {
        Map<String, String> words = new HashMap<>();
        for (String word : line.split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) words.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return words;
    }
}
