package dev.autopool.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autopool.runtime.internal.SiteRegistry;
import dev.autopool.runtime.onnx.OnnxTensors;
import dev.autopool.runtime.pool.PoolHousekeeper;
import dev.autopool.runtime.report.RefusalLines;
import dev.autopool.runtime.report.ReportLog;
import dev.autopool.runtime.report.SealForTests;
import dev.autopool.runtime.report.SettingsSeal;
import dev.autopool.runtime.settings.LogSettings;
import dev.autopool.runtime.settings.SettingValues;
import dev.autopool.runtime.track.LeakLevel;
import dev.autopool.runtime.track.Tracker;
import dev.autopool.runtime.track.TrackingSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime's settings are applied once and then sealed: every public setter is refused afterwards with one
 * {@code autopool CONFIG refused} line naming the caller, and nothing changes.
 */
class SettingsSealTest {
    private final RefusalLines log = new RefusalLines();
    private TrackingSettings before;
    private boolean sealedBefore;

    @BeforeEach
    void captureTheLog() {
        before = TrackingSettings.current();
        sealedBefore = SettingsSeal.isSealed();
        log.start();
    }

    @AfterEach
    void restoreTheSettings() {
        log.stop();
        SealForTests.reopen();
        Map<String, String> previous = new LinkedHashMap<>();
        for (String kv : before.toString().split(" ")) {
            previous.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        TrackingSettings.apply(previous);
        if (!sealedBefore) SealForTests.reopen();
    }

    @Test
    void withoutAnAgentTheFirstConfigurationAppliesEveryKeyAndSeals() {
        SealForTests.reopen();

        List<String> problems = Autopool.configure(Map.of("leak", "full", "report.interval", "1234ms",
                "onnx.pool", "256m", "log", "info"));

        assertEquals(List.of(), problems);
        assertEquals(LeakLevel.FULL, TrackingSettings.current().leak());
        assertEquals(1234, TrackingSettings.current().reportIntervalMillis());
        assertTrue(SettingsSeal.isSealed());
        assertEquals(List.of(), refusals());
    }

    @Test
    void afterTheSealEveryPublicSetterIsRefusedWithOneLineAndChangesNothing() {
        SealForTests.reopen();
        SettingsSeal.seal();
        String inForce = TrackingSettings.current().toString();
        long budget = PoolHousekeeper.globalPool().budgetBytes();

        assertEquals(List.of(SettingsSeal.REFUSED),
                Autopool.configure(Map.of("foreign", "adopt", "leak", "off", "budget", "1k")));
        assertEquals(List.of(SettingsSeal.REFUSED), TrackingSettings.apply(Map.of("leak", "off")));
        assertEquals(List.of(SettingsSeal.REFUSED), PoolHousekeeper.configure(Map.of("budget", "1k")));
        OnnxTensors.maxRetainedBytes(1);

        assertEquals(inForce, TrackingSettings.current().toString());
        assertEquals(budget, PoolHousekeeper.globalPool().budgetBytes());
        List<String> refused = refusals();
        assertEquals(4, refused.size(), refused::toString);
        String caller = " from " + SettingsSealTest.class.getName()
                + ".afterTheSealEveryPublicSetterIsRefusedWithOneLineAndChangesNothing(SettingsSealTest.java:";
        assertTrue(refused.get(0).startsWith("autopool CONFIG refused Autopool.configure "), refused.get(0));
        assertTrue(refused.get(0).contains("foreign=adopt"), refused.get(0));
        assertTrue(refused.get(0).contains(caller), refused.get(0));
        assertTrue(refused.get(0).endsWith("the settings in force are unchanged. Give settings as agent arguments "
                + "or in the rules file."), refused.get(0));
        assertTrue(refused.get(1).startsWith("autopool CONFIG refused TrackingSettings.apply leak=off" + caller),
                refused.get(1));
        assertTrue(refused.get(2).startsWith("autopool CONFIG refused PoolHousekeeper.configure budget=1k" + caller),
                refused.get(2));
        assertTrue(refused.get(3).startsWith("autopool CONFIG refused OnnxTensors.maxRetainedBytes onnx.pool=1"
                + caller), refused.get(3));
    }

    @Test
    void afterTheSealTheLogSettingsAreRefusedToo() {
        SealForTests.reopen();
        SettingsSeal.seal();
        boolean warningsOn = ReportLog.enabled(System.Logger.Level.WARNING);

        LogSettings.apply(new SettingValues(Map.of("log", "off", "summary", "/tmp/moved.txt"), 1L << 30,
                p -> { throw new AssertionError(p); }));

        assertEquals(warningsOn, ReportLog.enabled(System.Logger.Level.WARNING), "log=off changed nothing");
        List<String> refused = refusals();
        assertEquals(1, refused.size(), refused::toString);
        assertTrue(refused.get(0).startsWith("autopool CONFIG refused ReportSettings.apply log=off "
                + "summary=/tmp/moved.txt from " + SettingsSealTest.class.getName()
                + ".afterTheSealTheLogSettingsAreRefusedToo(SettingsSealTest.java:"), refused.get(0));
    }

    @Test
    void aRefusalLineCannotBeSplitIntoForgedLines() {
        SealForTests.reopen();
        SettingsSeal.seal();

        TrackingSettings.apply(Map.of("leak", "off\nWARNING: autopool SUMMARY leaks=0"));

        List<String> refused = refusals();
        assertEquals(1, refused.size());
        assertFalse(refused.get(0).contains("\n"), refused.get(0));
    }

    @Test
    void afterTheSealOnlyTheAgentsRegistrarMayRegisterASiteThatSkipsZeroing() {
        SealForTests.reopen();
        Sites.Registrar registrar = Sites.claimRegistrar();
        assertNotNull(registrar, "handed out once, before the seal");
        assertNull(Sites.claimRegistrar(), "and only once");
        SettingsSeal.seal();

        int plain = Sites.register("com.acme.Plugin", "peek", "Plugin.java", 3, "app.conf:1", Sites.NO_ZERO);
        int agents = registrar.register("com.acme.Decoder", "run", "Decoder.java", 9, "app.conf:2", Sites.NO_ZERO);

        assertEquals(0, SiteRegistry.flags(plain) & Sites.NO_ZERO, "an app's zero=false site still zeroes");
        assertEquals(Sites.NO_ZERO, SiteRegistry.flags(agents) & Sites.NO_ZERO);
        List<String> refused = refusals();
        assertEquals(1, refused.size(), refused::toString);
        assertTrue(refused.get(0).startsWith("autopool CONFIG refused Sites.register zero=false for "
                + "com.acme.Plugin.peek from "), refused.get(0));
    }

    @Test
    void aZeroedSiteOfAnAppCannotReadWhatAnotherBorrowerLeftInARecycledBuffer() {
        SealForTests.reopen();
        SettingsSeal.seal();
        int victim = Sites.register("com.acme.Decoder", "run", "Decoder.java", 9, "app.conf:2");
        int thief = Sites.register("com.acme.Plugin", "peek", "Plugin.java", 3, "app.conf:1", Sites.NO_ZERO);

        float[][] secret = Pools.float2d(3, 29, victim);
        secret[2][28] = 42f;
        Pools.release(secret, victim);
        float[][] seen = Pools.float2d(3, 29, thief);

        assertEquals(0f, seen[2][28]);
        Pools.release(seen, thief);
    }

    @Test
    void nobodyButThePoolsMayRegisterARecyclerToReceiveBuffersOthersReleased() {
        List<Object> received = new ArrayList<>();

        assertFalse(Tracker.recycleThrough(received::add), "refused whether or not Pools registered first");
    }

    private List<String> refusals() {
        return log.refusals();
    }
}
