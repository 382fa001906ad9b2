package dev.autopool.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool's own log lines: the budget refusal and the outstanding-bytes warning, each once. */
@org.junit.jupiter.api.extension.ExtendWith(Grids.ReturnBorrowed.class)
class PoolReportsTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    /** The thread each line was logged on. */
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getMessage());
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() {
        Logger.getLogger("autopool").addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("autopool").removeHandler(capture);
    }

    @Test
    void aFullBudgetIsReportedOncePerShapeWithTheSettingToRaise() {
        ArrayPool pool = Grids.pool(1024, 1024);
        BudgetTest.borrow(pool, Family.BYTE1, new int[] {1024}, 4).forEach(a -> pool.release(a, -1));

        List<String> budget = lines.stream().filter(l -> l.startsWith("autopool BUDGET")).toList();
        assertEquals(1, budget.size(), lines::toString);
        assertTrue(budget.get(0).contains("byte[1024]") && budget.get(0).contains("budget="), budget::toString);
    }

    @Test
    void tooManyBytesLentAndNotReturnedAreReportedOnceByTheHousekeeperWithTheLargestShape() throws Exception {
        ArrayPool pool = Grids.pool();
        pool.configure(PoolSettings.parse(Map.of("outstanding.warn", "3k"), 1L << 30, p -> { }));
        List<Object> lent = BudgetTest.borrow(pool, Family.INT1, new int[] {256}, 4);

        PoolStats first = pool.stats();
        PoolStats second = pool.stats();
        assertEquals(first, second, "reading the stats changes nothing");
        assertEquals(4 * 1024, second.outstandingBytes());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("autopool OUTSTANDING")),
                "reading the stats logs nothing: " + lines);

        Thread housekeeper = new Thread(() -> {
            pool.housekeep(System.nanoTime(), false);
            pool.housekeep(System.nanoTime(), false);
        }, "housekeeper-under-test");
        housekeeper.start();
        housekeeper.join(10_000);

        List<String> warnings = lines.stream().filter(l -> l.startsWith("autopool OUTSTANDING")).toList();
        assertEquals(1, warnings.size(), lines::toString);
        assertTrue(warnings.get(0).contains("int[256]") && warnings.get(0).contains("outstanding.warn"),
                warnings::toString);
        assertEquals("housekeeper-under-test", threads.get(lines.indexOf(warnings.get(0))));

        lent.forEach(a -> pool.release(a, -1));
        PoolStats after = pool.stats();
        assertEquals(0, after.outstandingBytes());
        assertEquals(4 * 1024, after.peakOutstandingBytes(), "the housekeeper noted the peak");
        assertEquals(after, pool.stats());
    }
}
