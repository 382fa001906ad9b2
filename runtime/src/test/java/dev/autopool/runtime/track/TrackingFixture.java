package dev.autopool.runtime.track;

import static org.junit.jupiter.api.Assertions.fail;

import dev.autopool.runtime.Sites;
import dev.autopool.runtime.internal.SiteRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per test: captures the {@code autopool} log lines, lets the test pick tracking settings and restores the
 * previous ones after, registers fresh call sites, and waits for the GC in a bounded loop.
 */
final class TrackingFixture implements BeforeEachCallback, AfterEachCallback {
    // JUL holds loggers weakly: keep ours, or the handler goes with a collected logger.
    private static final Logger AUTOPOOL = Logger.getLogger("autopool");

    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }
        @Override public void flush() {}
        @Override public void close() {}
    };
    // Each test registers its sites under a class name of its own, so a late report about another test's
    // buffers (a leak the GC finds later) never lands among this test's lines.
    private static int generation;
    private TrackingSettings before;
    private boolean parentHandlers;

    @Override
    public void beforeEach(ExtensionContext context) {
        generation++;
        before = TrackingSettings.current();
        Problems.GATE.reset();
        PooledRows.restart(); // each test is a run of its own: rows of earlier tests' matrices do not count
        parentHandlers = AUTOPOOL.getUseParentHandlers();
        AUTOPOOL.setUseParentHandlers(false);
        AUTOPOOL.addHandler(handler);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        AUTOPOOL.removeHandler(handler);
        AUTOPOOL.setUseParentHandlers(parentHandlers);
        TrackingSettings.use(before);
    }

    void settings(String... keyValues) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            map.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        List<String> problems = TrackingSettings.update(map); // unsealed: the fixture switches settings per test
        if (!problems.isEmpty()) fail("bad test settings: " + problems);
    }

    /** A fresh site {@code com.acme.Render<n>.<method>(Render.java:<line>)}, n unique to the running test. */
    static int site(String method, int line) {
        return Sites.register(testClassName(), method, "Render.java", line, "test");
    }

    /** {@link #site(String, int)} rewritten by {@code rule} with {@code flags} (such as {@code Sites.NO_ZERO}). */
    static int site(String method, int line, String rule, int flags) {
        return Sites.register(testClassName(), method, "Render.java", line, rule, flags);
    }

    private static String testClassName() {
        return "com.acme.Render" + generation;
    }

    static String name(int site) {
        return SiteRegistry.get(site).toString();
    }

    /** This test's captured lines that start with {@code tag}, e.g. {@code "autopool LEAK"}. */
    List<String> lines(String tag) {
        List<String> found = new ArrayList<>();
        for (LogRecord record : records()) {
            if (record.getMessage().startsWith(tag + " ")) found.add(record.getMessage());
        }
        return found;
    }

    /** The captured records that name one of this test's sites. */
    List<LogRecord> records() {
        String ours = testClassName() + ".";
        synchronized (records) {
            return records.stream().filter(r -> r.getMessage().contains(ours)).toList();
        }
    }

    /** Runs the GC until {@code site} counted {@code expected} leaks, or fails after a bounded number of tries. */
    static void awaitLeaks(int site, long expected) throws InterruptedException {
        for (int attempt = 0; attempt < 200; attempt++) {
            System.gc();
            Tracking.drainLeaks();
            if (Tracking.site(site).leaks() >= expected) {
                return;
            }
            Thread.sleep(10);
        }
        fail("the GC did not collect the leaked buffers in time: site " + name(site) + " counted "
                + Tracking.site(site).leaks() + " of " + expected + " leaks");
    }

    /**
     * Runs the GC until the ledger holds no record of a buffer last borrowed at {@code site}: each was collected
     * and its record processed (reported as a leak or not, and only then removed). For tests that keep none of
     * those buffers, released or not; fails after a bounded number of tries.
     */
    static void awaitCollected(int site) throws InterruptedException {
        for (int attempt = 0; attempt < 200; attempt++) {
            System.gc();
            Tracking.drainLeaks();
            if (!anyRecord(entry -> entry.borrowSite == site)) {
                return;
            }
            Thread.sleep(10);
        }
        fail("the GC did not collect the buffers borrowed at " + name(site) + " in time");
    }

    /**
     * Runs a GC, then waits until every record whose array that GC (or an earlier one) found unreachable has been
     * processed: reported as a leak or not, and removed from the ledger. For tests whose buffers partly stay in a
     * pool, so {@link #awaitCollected} would wait for the ones the pool still holds. Fails after a bounded wait.
     */
    static void awaitGcProcessed() throws InterruptedException {
        System.gc(); // a full collection clears the phantom reference of every unreachable array it finds
        for (int attempt = 0; attempt < 200; attempt++) {
            Tracking.drainLeaks();
            // A record is removed only after it was reported, so a cleared one still in the ledger is in flight.
            if (!anyRecord(entry -> entry.refersTo(null))) {
                return;
            }
            Thread.sleep(10);
        }
        fail("the collected buffers' records were not processed in time");
    }

    private static boolean anyRecord(java.util.function.Predicate<ArrayEntry> matching) {
        boolean[] found = {false};
        Tracker.LEDGER.forEach(entry -> found[0] |= matching.test(entry));
        return found[0];
    }

    /** Joins {@code thread}, or fails (and interrupts it) if it has not finished within 60 s. */
    static void join(Thread thread) throws InterruptedException {
        thread.join(60_000);
        if (thread.isAlive()) {
            thread.interrupt();
            fail(thread.getName() + " did not finish within 60 s");
        }
    }
}
