package dev.autopool.runtime.track;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackingSettingsTest {

    @Test
    void theDefaultsAreSampledOneIn64IgnoringForeignArrays() {
        assertEquals("leak=sampled leak.rate=64 foreign=ignore quarantine=16 report.interval=60000ms",
                TrackingSettings.DEFAULTS.toString());
    }

    @Test
    void trackingKeysAreAppliedAndOthersLeftToTheirOwners() {
        List<String> problems = new ArrayList<>();
        TrackingSettings settings = TrackingSettings.DEFAULTS.with(Map.of("leak", "paranoid", "leak.rate", "8",
                "foreign", "adopt", "quarantine", "0", "report.interval", "10ms",
                "budget", "64m"), problems);
        assertEquals(List.of(), problems);
        assertEquals("leak=paranoid leak.rate=8 foreign=adopt quarantine=0 report.interval=10ms",
                settings.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "leak|sometimes|setting leak=sometimes: expected off, sampled, full or paranoid; the setting is ignored",
            "leak.rate|0|setting leak.rate=0: expected a whole number of at least 1, e.g. 64; the setting is ignored",
            "leak.rate|often|setting leak.rate=often: expected a whole number of at least 1, e.g. 64; the setting is"
                    + " ignored",
            "foreign|keep|setting foreign=keep: expected ignore or adopt; the setting is ignored",
            "quarantine|-1|setting quarantine=-1: expected a whole number of at least 0, e.g. 16;"
                    + " the setting is ignored"})
    void aBadValueIsNamedAndKeepsThePreviousOne(String key, String value, String problem) {
        List<String> problems = new ArrayList<>();
        TrackingSettings settings = TrackingSettings.DEFAULTS.with(Map.of(key, value), problems);
        assertEquals(List.of(problem), problems);
        assertEquals(TrackingSettings.DEFAULTS.toString(), settings.toString());
    }

    @Test
    void updatePutsTheSettingsInForce() {
        TrackingSettings before = TrackingSettings.current();
        try {
            assertEquals(List.of(), TrackingSettings.update(Map.of("leak", "FULL")));
            assertEquals(LeakLevel.FULL, TrackingSettings.current().leak());
        } finally {
            TrackingSettings.use(before);
        }
    }
}
