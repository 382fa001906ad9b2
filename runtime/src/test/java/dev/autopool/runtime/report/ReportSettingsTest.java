package dev.autopool.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where lines go is a setting like any other: once sealed, no class can silence the {@code LEAK} lines or move
 * the exit block, and the only public way in is {@link ReportSettings#apply}, which the seal guards.
 */
class ReportSettingsTest {
    private final RefusalLines log = new RefusalLines();
    private boolean sealedBefore;

    @BeforeEach
    void captureTheLog() {
        sealedBefore = SettingsSeal.isSealed();
        log.start();
    }

    @AfterEach
    void restore() {
        log.stop();
        if (!sealedBefore) SealForTests.reopen();
    }

    @Test
    void afterTheSealTheLogTheSummaryAndJmxStayAsTheyWere() {
        SealForTests.reopen();
        SettingsSeal.seal();
        boolean infoOn = ReportLog.enabled(Level.INFO);
        boolean toLogger = ReportLog.toLogger();
        String summary = ShutdownSummary.destination();
        String jmx = MBeanPublisher.mode();

        ReportSettings.apply("off", "stderr", "/tmp/elsewhere-%p.txt", 1000, "off");
        ReportLog.waitForAppLogging();

        assertEquals(infoOn, ReportLog.enabled(Level.INFO), "log=off refused");
        assertEquals(toLogger, ReportLog.toLogger(), "log.to and the wait for the app's logging refused");
        assertEquals(summary, ShutdownSummary.destination(), "summary refused");
        assertEquals(jmx, MBeanPublisher.mode(), "jmx refused");
        List<String> refused = refusals();
        assertEquals(2, refused.size(), refused::toString);
        String caller = " from " + ReportSettingsTest.class.getName()
                + ".afterTheSealTheLogTheSummaryAndJmxStayAsTheyWere(ReportSettingsTest.java:";
        assertTrue(refused.get(0).startsWith("autopool CONFIG refused ReportSettings.apply log=off log.to=stderr "
                + "summary=/tmp/elsewhere-%p.txt summary.interval=1000ms jmx=off" + caller), refused.get(0));
        assertTrue(refused.get(1).startsWith("autopool CONFIG refused ReportLog.waitForAppLogging " + "log.to=stderr"
                + " until the app's logging is up" + caller), refused.get(1));
    }

    @Test
    void beforeTheSealTheSettingsApply() {
        SealForTests.reopen();
        String summary = ShutdownSummary.destination();
        try {
            ReportSettings.apply("error", null, "off", 0, null);

            assertFalse(ReportLog.enabled(Level.WARNING));
            assertEquals("off", ShutdownSummary.destination());
        } finally {
            ReportSettings.apply("info", null, summary, 0, null);
        }
        assertTrue(ReportLog.enabled(Level.INFO));
        assertEquals(List.of(), refusals());
    }

    /** The setters themselves are this package's: a public one would be a way around the seal. */
    @Test
    void noSetterOfThisPackageIsPublicButTheSealedOne() {
        List<String> open = new ArrayList<>();
        for (Class<?> c : List.of(ReportLog.class, ShutdownSummary.class, MBeanPublisher.class)) {
            for (Method m : c.getDeclaredMethods()) {
                boolean setter = List.of("threshold", "destination", "every", "mode").contains(m.getName())
                        && m.getParameterCount() == 1;
                if (setter && Modifier.isPublic(m.getModifiers())) open.add(c.getSimpleName() + "." + m.getName());
            }
        }
        assertEquals(List.of(), open);
    }

    private List<String> refusals() {
        return log.refusals();
    }
}
