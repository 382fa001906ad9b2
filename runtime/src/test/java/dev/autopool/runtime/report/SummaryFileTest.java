package dev.autopool.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code summary=PATH}: the file is replaced whole, named by pid, with no temporary file left behind. */
class SummaryFileTest {
    @TempDir
    Path dir;

    @Test
    void theFileIsReplacedWholeAndNamedByPid() throws Exception {
        String pattern = dir + "/exit-%p.txt";
        Path expected = dir.resolve("exit-" + ProcessHandle.current().pid() + ".txt");

        ShutdownSummary.writeFile(pattern, "autopool SUMMARY first\n");
        ShutdownSummary.writeFile(pattern, "autopool SUMMARY second\nautopool TOP-SITE x\n");

        assertEquals(List.of("autopool SUMMARY second", "autopool TOP-SITE x"), Files.readAllLines(expected));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(expected), files.toList(), "no temporary file is left");
        }
    }
}
