package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.name;
import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ONNX tensors collected without close() are reported through the same gate, line shape and counters. */
class TensorLeakReportTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    @Test
    void aTensorLeakIsLoggedOncePerSiteAndIntervalAndCountedAtItsSite() {
        int create = site("infer", 12);

        for (int i = 0; i < 3; i++) {
            Tracking.tensorLeak(create, "float[16][16]", 1024, null, 0);
        }

        assertEquals(List.of("autopool LEAK an OnnxTensor of float[16][16] (1024 bytes) created at " + name(create)
                + " was garbage-collected without close(): its native value leaked; 1 time at this site since"
                + " start. Close every tensor (try-with-resources) on every path from " + name(create) + "."),
                fixture.lines("autopool LEAK"));
        assertEquals(3, Tracking.site(create).leaks());
        assertEquals(3 * 1024, Tracking.site(create).leakedBytes());
    }

    @Test
    void withoutAnIntervalEveryTensorLeakIsLoggedWithItsCountSinceStart() {
        fixture.settings("report.interval=0");
        int create = site("infer", 13);

        Tracking.tensorLeak(create, "long[4]", 32, null, 0);
        Tracking.tensorLeak(create, "long[4]", 32, null, 0);

        List<String> lines = fixture.lines("autopool LEAK");
        assertEquals(2, lines.size());
        assertEquals(lines.get(0).replace("1 time at", "2 times at"), lines.get(1));
    }

    @Test
    void atLeakOffATensorLeakIsNeitherLoggedNorCountedAtItsSite() {
        fixture.settings("leak=off");
        int create = site("infer", 14);

        Tracking.tensorLeak(create, "float[16][16]", 1024, Tracking.creationStack(create), 0);

        assertEquals(List.of(), fixture.lines("autopool LEAK"));
        assertEquals(0, Tracking.site(create).leaks());
    }

    @Test
    void atParanoidATensorLeakCarriesItsCreationStack() {
        fixture.settings("leak=paranoid");
        int create = site("infer", 15);

        Tracking.tensorLeak(create, "float[16][16]", 1024, Tracking.creationStack(create), 0);

        List<java.util.logging.LogRecord> records = fixture.records();
        assertEquals(1, records.size());
        assertTrue(records.get(0).getMessage().endsWith("; the creation stack follows."), records.get(0)::getMessage);
        assertEquals("created at " + name(create), records.get(0).getThrown().getMessage());
    }

    @Test
    void belowParanoidNoCreationStackIsCaptured() {
        fixture.settings("leak=full");

        assertNull(Tracking.creationStack(site("infer", 16)));
    }
}
