package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.name;
import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.Pools;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WriteAfterReturnTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    private final List<Object> recycled = new ArrayList<>();
    private Consumer<Object> poolsRecycler;

    @BeforeEach
    void keepThePoolsRecycler() throws ClassNotFoundException {
        // Pools registers its recycler when it initializes
        Class.forName(Pools.class.getName(), true, Pools.class.getClassLoader());
        poolsRecycler = Tracker.swapRecycler(recycled::add);
        Tracker.swapRecycler(poolsRecycler);
    }

    @AfterEach
    void restoreThePoolsRecycler() {
        Tracker.swapRecycler(poolsRecycler);
    }

    static Stream<Arguments> everyLeafType() {
        return Stream.of(
                Arguments.of(new float[2][3], (Consumer<Object>) a -> ((float[][]) a)[1][2] = 1f),
                Arguments.of(new double[4], (Consumer<Object>) a -> ((double[]) a)[0] = 0d),
                Arguments.of(new int[2][2][2], (Consumer<Object>) a -> ((int[][][]) a)[1][1][1] = 7),
                Arguments.of(new long[3], (Consumer<Object>) a -> ((long[]) a)[2] = 0L),
                Arguments.of(new short[5], (Consumer<Object>) a -> ((short[]) a)[4] = 1),
                Arguments.of(new byte[1][6], (Consumer<Object>) a -> ((byte[][]) a)[0][0] = 0));
    }

    @ParameterizedTest
    @MethodSource("everyLeafType")
    void aWriteAfterReleaseIsCaughtOnReuseWithTheReleaseSite(Object array, Consumer<Object> lateWrite) {
        fixture.settings("leak=paranoid", "quarantine=0");
        int borrow = site("frame", 100);
        int release = site("frame", 101);

        Tracker.borrowed(array, borrow, 0);
        assertTrue(Tracker.releasing(array, release), "without quarantine the pool takes the poisoned buffer");
        lateWrite.accept(array);
        Tracker.reusing(array);

        List<String> lines = fixture.lines("autopool WRITE-AFTER-RETURN");
        assertEquals(1, lines.size());
        String shape = ArrayDescription.of(array).toString();
        assertTrue(lines.get(0).startsWith("autopool WRITE-AFTER-RETURN " + shape + " ("), lines.get(0));
        assertTrue(lines.get(0).endsWith(" bytes) was written after its release at " + name(release)
                + " (borrowed at " + name(borrow) + "); 1 time at this site since start. Something still uses the"
                + " buffer after that release: move the release after the buffer's last use."), lines.get(0));
        assertEquals(1, Tracking.site(release).writesAfterReturn());
    }

    @ParameterizedTest
    @MethodSource("everyLeafType")
    void anUntouchedReleasedBufferPassesTheCheck(Object array, Consumer<Object> unused) {
        fixture.settings("leak=paranoid", "quarantine=0");
        int borrow = site("frame", 110);
        Tracker.borrowed(array, borrow, 0);
        Tracker.releasing(array, site("frame", 111));
        Tracker.reusing(array);
        assertEquals(List.of(), fixture.lines("autopool WRITE-AFTER-RETURN"));
    }

    @Test
    void theQuarantineHoldsReleasedBuffersBackAndChecksThemOnTheWayOut() {
        fixture.settings("leak=paranoid", "quarantine=2");
        Tracker.swapRecycler(recycled::add);
        int borrow = site("frame", 120);
        int release = site("frame", 121);
        float[] first = new float[4];
        float[] second = new float[4];
        float[] third = new float[4];
        for (float[] m : List.of(first, second, third)) {
            Tracker.borrowed(m, borrow, 16);
        }

        assertFalse(Tracker.releasing(first, release), "a quarantined buffer does not go to the pool yet");
        assertFalse(Tracker.releasing(second, release));
        first[3] = 2f; // a late write while quarantined
        assertEquals(List.of(), recycled);
        Tracker.releasing(third, release);

        assertEquals(List.of(first), recycled, "the oldest leaves the quarantine for the pool");
        assertEquals(1, fixture.lines("autopool WRITE-AFTER-RETURN").size());
        assertFalse(Tracker.isBorrowed(first));
    }

    @Test
    void aDoubleReturnOfAQuarantinedBufferIsStillCaught() {
        fixture.settings("leak=paranoid", "quarantine=4");
        int borrow = site("frame", 130);
        int release = site("frame", 131);
        int[] m = new int[3];
        Tracker.borrowed(m, borrow, 12);
        Tracker.releasing(m, release);
        assertFalse(Tracker.releasing(m, release));
        assertEquals(1, Tracking.site(release).doubleReturns());
    }

    @Test
    void throughThePoolsAParanoidBufferComesBackZeroedAfterQuarantine() {
        fixture.settings("leak=paranoid", "quarantine=1");
        int borrow = site("frame", 140);
        int release = site("frame", 141);
        float[][][] a = Pools.float3d(1, 2, 13, borrow);
        float[][][] b = Pools.float3d(1, 2, 13, borrow);
        Pools.release(a, release);
        Pools.release(b, release); // a leaves the quarantine into the pool

        float[][][] again = Pools.float3d(1, 2, 13, borrow);

        assertSame(a, again);
        assertArrayEquals(new float[13], again[0][1], "poison never reaches a borrower");
        assertEquals(List.of(), fixture.lines("autopool WRITE-AFTER-RETURN"));
        Pools.release(again, release);
        TrackingSettings.use(TrackingSettings.current().withLeak(LeakLevel.FULL)); // empties the quarantine
    }
}
