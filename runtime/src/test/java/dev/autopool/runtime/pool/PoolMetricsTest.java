package dev.autopool.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
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
}
