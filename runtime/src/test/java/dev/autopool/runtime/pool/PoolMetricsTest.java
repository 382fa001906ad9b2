package dev.autopool.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/** The pool's counters as a JMX MXBean under the dev.autopool domain. */
@org.junit.jupiter.api.extension.ExtendWith(Grids.ReturnBorrowed.class)
class PoolMetricsTest {
    @Test
    void totalsAndPerShapeRowsAreReadableOverJmx() throws Exception {
        ArrayPool pool = Grids.pool();
        Object a = Grids.borrow(pool, Family.DOUBLE2, new int[] {4, 8}, -1);
        pool.release(a, -1);
        Grids.borrow(pool, Family.DOUBLE2, new int[] {4, 8}, -1);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.autopool:type=Pools,test=metrics");
        server.registerMBean(new PoolMetrics(pool), name);
        try {
            assertEquals(2L, server.getAttribute(name, "Borrows"));
            assertEquals(1L, server.getAttribute(name, "Hits"));
            assertEquals(256L, server.getAttribute(name, "OutstandingBytes"));
            CompositeData[] shapes = (CompositeData[]) server.getAttribute(name, "Shapes");
            assertEquals(1, shapes.length);
            assertEquals("double[4][8]", shapes[0].get("shape"));
            assertEquals(1L, shapes[0].get("misses"));
        } finally {
            server.unregisterMBean(name);
        }
    }

    @Test
    void aTypedProxyRebuildsEveryRowAndTrimFreesTheDepot() throws Exception {
        ArrayPool pool = Grids.pool();
        Object a = Grids.borrow(pool, Family.INT1, new int[] {100}, -1);
        Object b = Grids.borrow(pool, Family.INT1, new int[] {100}, -1);
        Grids.borrow(pool, Family.FLOAT2, new int[] {3, 5}, -1);
        pool.release(a, -1);
        pool.release(b, -1);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.autopool:type=Pools,test=proxy");
        server.registerMBean(new PoolMetrics(pool), name);
        try {
            PoolsMXBean proxy = JMX.newMXBeanProxy(server, name, PoolsMXBean.class);
            assertEquals(3L, proxy.getBorrows());
            assertEquals(60L, proxy.getOutstandingBytes());
            assertEquals(pool.budgetBytes(), proxy.getBudgetBytes());
            PoolsMXBean.ShapeMetrics[] rows = proxy.getShapes();
            assertEquals(2, rows.length);
            java.util.Map<String, PoolsMXBean.ShapeMetrics> byShape = new java.util.TreeMap<>();
            for (PoolsMXBean.ShapeMetrics r : rows) byShape.put(r.getShape(), r);
            PoolsMXBean.ShapeMetrics ints = byShape.get("int[100]");
            assertEquals(2L, ints.getBorrows());
            assertEquals(2L, ints.getMisses());
            assertEquals(2L, ints.getReleases());
            assertEquals(0L, ints.getOutstandingBytes());
            assertEquals(60L, byShape.get("float[3][5]").getOutstandingBytes());

            assertEquals(800L, proxy.getRetainedBytes());
            long freed = proxy.trim();
            // The depot goes at once; a thread's magazine when that thread next borrows or releases the shape.
            assertEquals(true, freed >= 0 && freed <= 800, "freed " + freed);
            Object again = Grids.borrow(pool, Family.INT1, new int[] {100}, -1);
            assertEquals(0L, proxy.getRetainedBytes(), "this thread caught up with the trim on its borrow");
            assertEquals(4L, proxy.getMisses(), "the trimmed arrays were gone: the borrow after trim missed");
            pool.release(again, -1);
        } finally {
            server.unregisterMBean(name);
        }
    }
}
