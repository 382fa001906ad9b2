package dev.autopool.runtime.track;

import static dev.autopool.runtime.track.TrackingFixture.name;
import static dev.autopool.runtime.track.TrackingFixture.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autopool.runtime.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class JfrEventsTest {
    @RegisterExtension
    final TrackingFixture fixture = new TrackingFixture();

    @TempDir
    Path dir;

    @Test
    void problemsAndOptInBorrowsAreRecordedWithTheirSites() throws Exception {
        fixture.settings("leak=paranoid", "quarantine=0");
        int borrow = site("jfr", 401);
        int release = site("jfr", 402);
        Path file = dir.resolve("in-process.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.autopool.DoubleReturn");
            recording.enable("dev.autopool.WriteAfterReturn");
            recording.enable("dev.autopool.ForeignReturn");
            recording.enable("dev.autopool.Borrow");
            recording.start();
            JfrFixtureApp.misuse(borrow, release);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);

        RecordedEvent doubleReturn = only(events, "dev.autopool.DoubleReturn");
        assertEquals("int[4]", doubleReturn.getString("array"));
        assertEquals(16, doubleReturn.getLong("bytes"));
        assertEquals(name(release), doubleReturn.getString("firstRelease"));
        assertEquals(name(release), doubleReturn.getString("secondRelease"));
        assertEquals(name(release), only(events, "dev.autopool.WriteAfterReturn").getString("releaseSite"));
        assertEquals(name(borrow), only(events, "dev.autopool.WriteAfterReturn").getString("borrowSite"));
        assertEquals("float[3]", only(events, "dev.autopool.ForeignReturn").getString("array"));
        List<RecordedEvent> borrows = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.autopool.Borrow")).toList();
        assertEquals(2, borrows.size());
        assertEquals(name(borrow), borrows.get(0).getString("borrowSite"));
    }

    @Test
    void theDefaultRecordingSettingsRecordProblemsButNoBorrows() throws Exception {
        fixture.settings("leak=paranoid", "quarantine=0");
        int borrow = site("jfr", 404);
        int release = site("jfr", 405);
        Path file = dir.resolve("default-settings.jfr");
        try (Recording recording = new Recording(jdk.jfr.Configuration.getConfiguration("default"))) {
            recording.start();
            JfrFixtureApp.misuse(borrow, release);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);

        assertEquals(name(release), only(events, "dev.autopool.DoubleReturn").getString("secondRelease"));
        assertEquals(0, events.stream().filter(e -> e.getEventType().getName().equals("dev.autopool.Borrow")).count());
    }

    @Test
    void askingWhetherBorrowEventsAreWantedAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        dev.autopool.runtime.report.JfrReports.borrowEnabled();
        long before = threads.getCurrentThreadAllocatedBytes();
        int wanted = 0;
        for (int i = 0; i < 100_000; i++) {
            if (dev.autopool.runtime.report.JfrReports.borrowEnabled()) wanted++;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(0, wanted, "no recording enables dev.autopool.Borrow here");
        assertTrue(allocated < 1024, allocated + " bytes for 100,000 questions");
    }

    @Test
    void aTensorLeakIsRecordedWithItsSiteShapeAndBytes() throws Exception {
        int create = site("jfr", 403);
        Path file = dir.resolve("tensor-leak.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.autopool.OnnxTensorLeak");
            recording.start();
            Tracking.tensorLeak(create, "float[16][16]", 1024, null, 0);
            recording.stop();
            recording.dump(file);
        }

        RecordedEvent leak = only(RecordingFile.readAllEvents(file), "dev.autopool.OnnxTensorLeak");
        assertEquals(name(create), leak.getString("site"));
        assertEquals("float[16][16]", leak.getString("shape"));
        assertEquals(1024, leak.getLong("bytes"));
    }

    @Test
    void twoSitesOnOneLineAreRecordedUnderTextsOfTheirOwn() throws Exception {
        String cls = dev.autopool.runtime.internal.SiteRegistry.get(site("jfr", 406)).className();
        int first = dev.autopool.runtime.Sites.register(cls, "jfr", "Render.java", 407, "test", 0, 1);
        int second = dev.autopool.runtime.Sites.register(cls, "jfr", "Render.java", 407, "test", 0, 2);
        Path file = dir.resolve("same-line.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.autopool.OnnxTensorLeak");
            recording.start();
            Tracking.tensorLeak(first, "float[4]", 16, null, 0);
            Tracking.tensorLeak(second, "float[4]", 16, null, 0);
            recording.stop();
            recording.dump(file);
        }

        Set<String> sites = new TreeSet<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals("dev.autopool.OnnxTensorLeak")) sites.add(e.getString("site"));
        }
        assertEquals(Set.of(cls + ".jfr(Render.java:407) #1", cls + ".jfr(Render.java:407) #2"), sites);
    }

    @Test
    void eventsShowInARecordingStartedFromTheCommandLine() throws Exception {
        Path file = dir.resolve("command-line.jfr");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-XX:StartFlightRecording=dumponexit=true,filename=" + file,
                "-cp", System.getProperty("java.class.path"), JfrFixtureApp.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("the child JVM did not finish within 60 s: " + Files.readString(dir.resolve("child.log")));
        }
        assertEquals(0, child.exitValue(), Files.readString(dir.resolve("child.log")));
        assertTrue(Files.isRegularFile(file) && Files.size(file) > 0, "the child dumped its recording on exit");

        Set<String> types = new TreeSet<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (event.getEventType().getName().startsWith("dev.autopool.")) {
                types.add(event.getEventType().getName());
            }
        }
        assertEquals(Set.of("dev.autopool.DoubleReturn", "dev.autopool.ForeignReturn", "dev.autopool.Leak",
                "dev.autopool.WriteAfterReturn"), types, "the borrow event is off by default");
    }

    /**
     * Without a flight recorder no recording can want an event, so borrows and problems load no event class (the
     * JVM instruments each as it loads: a few MB on the app's thread at its first borrow, in every run).
     */
    @Test
    void withoutARecordingNoEventClassIsLoaded() throws Exception {
        String out = ChildJvm.run(dir.resolve("no-recording.log"), JfrFixtureApp.class, "-Xlog:class+load=info");
        assertTrue(out.contains("dev.autopool.runtime.report.JfrReports "), "the child reported problems");
        List<String> events = out.lines().filter(l -> l.contains("dev.autopool.runtime.report.JfrEvents")).toList();
        assertEquals(List.of(), events);
    }

    private static RecordedEvent only(List<RecordedEvent> events, String type) {
        List<RecordedEvent> found = events.stream().filter(e -> e.getEventType().getName().equals(type)).toList();
        assertEquals(1, found.size(), type);
        return found.get(0);
    }
}
